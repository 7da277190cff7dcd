#ifndef SIM2REAL_CVISION_H
#define SIM2REAL_CVISION_H
/// Plain C API over OpenCV. Every function catches all C++ exceptions and returns
/// 0 on success or a negative code; `cvision_last_error` gives the message (thread-local).
#ifdef __cplusplus
extern "C" {
#endif

/// The message of the last failed call on this thread ("" if none).
const char *cvision_last_error(void);

/// Sets OpenCV's own thread pool size (0 = OpenCV's default).
int cvision_set_num_threads(int threads);

#ifdef __cplusplus
}
#endif
#endif
