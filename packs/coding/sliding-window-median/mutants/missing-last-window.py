# mistake: stops one window early (range(len(values) - w) instead of len(values) - w + 1)
# caught-by: examples from the statement
import bisect


def sliding_window_median(values, w):
    window = sorted(values[:w])
    mid = w // 2
    medians = []
    for i in range(w, len(values)):
        medians.append(float(window[mid]) if w % 2 else (window[mid - 1] + window[mid]) / 2)
        del window[bisect.bisect_left(window, values[i - w])]
        bisect.insort(window, values[i])
    return medians
