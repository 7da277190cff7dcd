#ifndef SIM2REAL_CPNG_SHIM_H
#define SIM2REAL_CPNG_SHIM_H
#include <png.h>

/// Format macros of the simplified API do not import into Swift; re-export them.
static const png_uint_32 sim2real_png_format_gray = PNG_FORMAT_GRAY;
static const png_uint_32 sim2real_png_format_rgb = PNG_FORMAT_RGB;
static const png_uint_32 sim2real_png_format_rgba = PNG_FORMAT_RGBA;
static const png_uint_32 sim2real_png_image_version = PNG_IMAGE_VERSION;
#endif
