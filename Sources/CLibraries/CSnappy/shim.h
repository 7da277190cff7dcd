#ifndef SIM2REAL_CSNAPPY_SHIM_H
#define SIM2REAL_CSNAPPY_SHIM_H
#include <stddef.h>
#include <snappy-c.h>
#endif
