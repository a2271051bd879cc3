# Another way: keep the window sorted with bisect. Each step shifts up to w elements, so
# this is O(n w) in theory; the shift is a fast memory move, so it is quick for the
# window sizes used here (be ready to explain the difference in an interview).
import bisect


def sliding_window_median(values, w):
    if w > len(values):
        return []
    window = sorted(values[:w])
    mid = w // 2
    medians = []
    for i in range(w, len(values) + 1):
        medians.append(float(window[mid]) if w % 2 else (window[mid - 1] + window[mid]) / 2)
        if i == len(values):
            break
        del window[bisect.bisect_left(window, values[i - w])]
        bisect.insort(window, values[i])
    return medians
