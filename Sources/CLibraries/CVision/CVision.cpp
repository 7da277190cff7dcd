#include "CVision.h"
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

namespace {
thread_local std::string lastError;

template <typename Body> int guarded(Body body) {
    try {
        body();
        lastError.clear();
        return 0;
    } catch (const cv::Exception &error) {
        lastError = error.what();
        return -1;
    } catch (const std::exception &error) {
        lastError = error.what();
        return -2;
    } catch (...) {
        lastError = "unknown C++ exception";
        return -3;
    }
}
} // namespace

extern "C" const char *cvision_last_error(void) { return lastError.c_str(); }

extern "C" int cvision_set_num_threads(int threads) {
    return guarded([&] { cv::setNumThreads(threads); });
}
