#include "CVision.h"
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <cstring>
#include <string>
#include <vector>

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

cv::Mat wrap(uint8_t *data, int height, int width, int channels) {
    if (height <= 0 || width <= 0 || channels < 1 || channels > 4) {
        throw std::invalid_argument("image must have positive size and 1-4 channels");
    }
    return cv::Mat(height, width, CV_8UC(channels), data);
}

cv::Scalar scalar(const double *color, int channels) {
    cv::Scalar value;
    for (int c = 0; c < channels; ++c) value[c] = color[c];
    return value;
}

/// Copies `result` into `target` if OpenCV reallocated instead of writing in place.
void copyBack(const cv::Mat &result, uint8_t *target) {
    if (result.data != target) {
        std::memcpy(target, result.data, result.total() * result.elemSize());
    }
}
} // namespace

extern "C" const char *cvision_last_error(void) { return lastError.c_str(); }

extern "C" int cvision_set_num_threads(int threads) {
    return guarded([&] { cv::setNumThreads(threads); });
}

extern "C" int cvision_fill_polygon(uint8_t *image, int height, int width, int channels,
                                    const int32_t *points, int count, const double *color) {
    return guarded([&] {
        cv::Mat mat = wrap(image, height, width, channels);
        std::vector<cv::Point> polygon;
        for (int i = 0; i < count; ++i) polygon.emplace_back(points[2 * i], points[2 * i + 1]);
        cv::fillPoly(mat, std::vector<std::vector<cv::Point>>{polygon}, scalar(color, channels), cv::LINE_8);
    });
}

extern "C" int cvision_fill_polygon_antialiased(uint8_t *image, int height, int width, int channels,
                                                const int32_t *points, int count, int shift,
                                                const double *color) {
    return guarded([&] {
        cv::Mat mat = wrap(image, height, width, channels);
        std::vector<cv::Point> polygon;
        for (int i = 0; i < count; ++i) polygon.emplace_back(points[2 * i], points[2 * i + 1]);
        cv::fillPoly(mat, std::vector<std::vector<cv::Point>>{polygon}, scalar(color, channels), cv::LINE_AA,
                     shift);
    });
}

extern "C" int cvision_fill_circle(uint8_t *image, int height, int width, int channels,
                                   int centerX, int centerY, int radius, const double *color) {
    return guarded([&] {
        cv::Mat mat = wrap(image, height, width, channels);
        cv::circle(mat, cv::Point(centerX, centerY), radius, scalar(color, channels), cv::FILLED, cv::LINE_8);
    });
}

extern "C" int cvision_line(uint8_t *image, int height, int width, int channels,
                            int x1, int y1, int x2, int y2, int thickness, const double *color) {
    return guarded([&] {
        cv::Mat mat = wrap(image, height, width, channels);
        cv::line(mat, cv::Point(x1, y1), cv::Point(x2, y2), scalar(color, channels), thickness, cv::LINE_8);
    });
}

extern "C" int cvision_resize(const uint8_t *source, int sourceHeight, int sourceWidth, int channels,
                              uint8_t *destination, int destinationHeight, int destinationWidth,
                              int interpolation) {
    return guarded([&] {
        cv::Mat input = wrap(const_cast<uint8_t *>(source), sourceHeight, sourceWidth, channels);
        cv::Mat output = wrap(destination, destinationHeight, destinationWidth, channels);
        cv::resize(input, output, output.size(), 0, 0, interpolation);
        copyBack(output, destination);
    });
}

extern "C" int cvision_gaussian_blur(const uint8_t *source, uint8_t *destination, int height, int width,
                                     int channels, double sigma) {
    return guarded([&] {
        cv::Mat input = wrap(const_cast<uint8_t *>(source), height, width, channels);
        cv::Mat output = wrap(destination, height, width, channels);
        cv::GaussianBlur(input, output, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT_101);
        copyBack(output, destination);
    });
}

extern "C" int cvision_gaussian_blur_float(const float *source, float *destination, int height, int width,
                                           double sigma) {
    return guarded([&] {
        if (height <= 0 || width <= 0) throw std::invalid_argument("image must have positive size");
        cv::Mat input(height, width, CV_32FC1, const_cast<float *>(source));
        cv::Mat output(height, width, CV_32FC1, destination);
        cv::GaussianBlur(input, output, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT_101);
        if (output.data != reinterpret_cast<uint8_t *>(destination)) {
            std::memcpy(destination, output.data, sizeof(float) * height * width);
        }
    });
}

extern "C" int cvision_canny(const uint8_t *grey, uint8_t *edges, int height, int width,
                             double lowThreshold, double highThreshold) {
    return guarded([&] {
        cv::Mat input = wrap(const_cast<uint8_t *>(grey), height, width, 1);
        cv::Mat output = wrap(edges, height, width, 1);
        cv::Canny(input, output, lowThreshold, highThreshold);
        copyBack(output, edges);
    });
}

extern "C" int cvision_convert_color(const uint8_t *source, int height, int width, int sourceChannels,
                                     uint8_t *destination, int destinationChannels, int code) {
    return guarded([&] {
        cv::Mat input = wrap(const_cast<uint8_t *>(source), height, width, sourceChannels);
        cv::Mat output = wrap(destination, height, width, destinationChannels);
        cv::cvtColor(input, output, code);
        if (output.channels() != destinationChannels) throw std::invalid_argument("unexpected channel count");
        copyBack(output, destination);
    });
}

extern "C" int cvision_convert_color_float(const float *source, int height, int width, int sourceChannels,
                                           float *destination, int destinationChannels, int code) {
    return guarded([&] {
        if (height <= 0 || width <= 0) throw std::invalid_argument("image must have positive size");
        cv::Mat input(height, width, CV_32FC(sourceChannels), const_cast<float *>(source));
        cv::Mat output(height, width, CV_32FC(destinationChannels), destination);
        cv::cvtColor(input, output, code);
        if (output.channels() != destinationChannels) throw std::invalid_argument("unexpected channel count");
        if (output.data != reinterpret_cast<uint8_t *>(destination)) {
            std::memcpy(destination, output.data, sizeof(float) * height * width * destinationChannels);
        }
    });
}

extern "C" int cvision_morphology(uint8_t *mask, int height, int width, int operation, int kernelSize) {
    return guarded([&] {
        cv::Mat image = wrap(mask, height, width, 1);
        cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(kernelSize, kernelSize));
        const int operations[] = {cv::MORPH_ERODE, cv::MORPH_DILATE, cv::MORPH_OPEN, cv::MORPH_CLOSE};
        if (operation < 0 || operation > 3) throw std::invalid_argument("morphology operation must be 0-3");
        cv::Mat output;
        cv::morphologyEx(image, output, operations[operation], kernel);
        output.copyTo(image);
    });
}

extern "C" int cvision_grabcut(const uint8_t *rgb, int height, int width, uint8_t *labels, int iterations) {
    return guarded([&] {
        cv::Mat image = wrap(const_cast<uint8_t *>(rgb), height, width, 3);
        cv::Mat mask = wrap(labels, height, width, 1);
        cv::Mat background, foreground;
        // GrabCut seeds its colour models by k-means from OpenCV's per-thread generator; starting it afresh makes
        // the result depend on the image alone, not on what ran before on this thread.
        cv::theRNG() = cv::RNG(0xFFFFFFFF);
        cv::grabCut(image, mask, cv::Rect(), background, foreground, iterations, cv::GC_INIT_WITH_MASK);
        copyBack(mask, labels);
    });
}

extern "C" int cvision_put_text(uint8_t *image, int height, int width, int channels, const char *text, int x, int y,
                                double scale, int thickness, const double *color) {
    return guarded([&] {
        if (text == nullptr) throw std::invalid_argument("text is null");
        cv::Mat mat = wrap(image, height, width, channels);
        cv::putText(mat, text, cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, scale, scalar(color, channels), thickness,
                    cv::LINE_AA);
    });
}

extern "C" int cvision_text_size(const char *text, double scale, int thickness, int *textWidth, int *textHeight) {
    return guarded([&] {
        if (text == nullptr) throw std::invalid_argument("text is null");
        int baseline = 0;
        cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, thickness, &baseline);
        *textWidth = size.width;
        *textHeight = size.height;
    });
}
