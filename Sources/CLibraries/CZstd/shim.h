#ifndef SIM2REAL_CZSTD_SHIM_H
#define SIM2REAL_CZSTD_SHIM_H
#include <zstd.h>
#endif
