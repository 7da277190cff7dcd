#ifndef SIM2REAL_CCHIPMUNK_SHIM_H
#define SIM2REAL_CCHIPMUNK_SHIM_H
#include <chipmunk/chipmunk.h>

/// `cpVersionString` is a mutable global, which Swift 6 rejects; read it through a function.
static inline const char *sim2real_chipmunk_version(void) { return cpVersionString; }
#endif
