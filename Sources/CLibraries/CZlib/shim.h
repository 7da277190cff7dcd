#ifndef SIM2REAL_CZLIB_SHIM_H
#define SIM2REAL_CZLIB_SHIM_H
#include <zlib.h>
#endif
