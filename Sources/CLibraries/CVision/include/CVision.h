#ifndef SIM2REAL_CVISION_H
#define SIM2REAL_CVISION_H
/// Plain C API over OpenCV for sim2real. Images are caller-owned, row-major, interleaved 8-bit buffers
/// (height x width x channels) unless a function says otherwise. Every function catches all C++ exceptions
/// and returns 0 on success or a negative code; `cvision_last_error` then gives the message (thread-local).
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The message of the last failed call on this thread ("" if none).
const char *cvision_last_error(void);

/// Sets OpenCV's own thread pool size (0 = OpenCV's default, 1 = run on the calling thread).
int cvision_set_num_threads(int threads);

/// Fills a polygon given as `count` (x, y) integer pairs, 8-connected, without anti-aliasing.
int cvision_fill_polygon(uint8_t *image, int height, int width, int channels,
                         const int32_t *points, int count, const double *color);

/// Draws a filled disc.
int cvision_fill_circle(uint8_t *image, int height, int width, int channels,
                        int centerX, int centerY, int radius, const double *color);

/// Draws a line segment of the given thickness with round ends.
int cvision_line(uint8_t *image, int height, int width, int channels,
                 int x1, int y1, int x2, int y2, int thickness, const double *color);

/// Draws an anti-aliased filled polygon with sub-pixel vertices (`shift` fractional bits).
int cvision_fill_polygon_antialiased(uint8_t *image, int height, int width, int channels,
                                     const int32_t *points, int count, int shift, const double *color);

/// Resizes `source` into `destination` (interpolation: 0 nearest, 1 linear, 3 area, 2 cubic).
int cvision_resize(const uint8_t *source, int sourceHeight, int sourceWidth, int channels,
                   uint8_t *destination, int destinationHeight, int destinationWidth, int interpolation);

/// Gaussian blur of 8-bit images in place into `destination` (may equal `source`). Kernel size from sigma.
int cvision_gaussian_blur(const uint8_t *source, uint8_t *destination, int height, int width, int channels,
                          double sigma);

/// Gaussian blur of single-channel float images.
int cvision_gaussian_blur_float(const float *source, float *destination, int height, int width, double sigma);

/// Canny edges of a grey 8-bit image into a grey 8-bit image (0 or 255).
int cvision_canny(const uint8_t *grey, uint8_t *edges, int height, int width,
                  double lowThreshold, double highThreshold);

/// Colour conversion between 8-bit interleaved images: codes are cv::COLOR_* values.
int cvision_convert_color(const uint8_t *source, int height, int width, int sourceChannels,
                          uint8_t *destination, int destinationChannels, int code);

/// Colour conversion of float images (values in [0, 1] for RGB): codes are cv::COLOR_* values.
int cvision_convert_color_float(const float *source, int height, int width, int sourceChannels,
                                float *destination, int destinationChannels, int code);

/// Morphology on a single-channel 8-bit image in place: operation 0 erode, 1 dilate, 2 open, 3 close;
/// elliptical kernel of the given size.
int cvision_morphology(uint8_t *mask, int height, int width, int operation, int kernelSize);

/// GrabCut refinement of `labels` (cv::GC_BGD 0, GC_FGD 1, GC_PR_BGD 2, GC_PR_FGD 3) in place, on an RGB image.
int cvision_grabcut(const uint8_t *rgb, int height, int width, uint8_t *labels, int iterations);

/// Draws text with OpenCV's Hershey simplex font, baseline-left at (x, y), clipped to the image.
int cvision_put_text(uint8_t *image, int height, int width, int channels, const char *text, int x, int y,
                     double scale, int thickness, const double *color);

/// Width and height (above the baseline) in pixels of `text` as `cvision_put_text` would draw it.
int cvision_text_size(const char *text, double scale, int thickness, int *textWidth, int *textHeight);

#ifdef __cplusplus
}
#endif
#endif
