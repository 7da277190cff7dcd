#ifndef SIM2REAL_COPENBLAS_SHIM_H
#define SIM2REAL_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
