#ifndef SIM2REAL_CBLOSC_SHIM_H
#define SIM2REAL_CBLOSC_SHIM_H
#include <blosc.h>

/// The header overhead macro does not import into Swift; re-export it.
static const int sim2real_blosc_max_overhead = BLOSC_MAX_OVERHEAD;
#endif
