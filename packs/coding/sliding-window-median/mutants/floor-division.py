# mistake: averages the two middle values with floor division, (a + b) // 2
# caught-by: even window sizes
import bisect


def sliding_window_median(values, w):
    if w > len(values):
        return []
    window = sorted(values[:w])
    mid = w // 2
    medians = []
    for i in range(w, len(values) + 1):
        medians.append(float(window[mid]) if w % 2 else float((window[mid - 1] + window[mid]) // 2))
        if i == len(values):
            break
        del window[bisect.bisect_left(window, values[i - w])]
        bisect.insort(window, values[i])
    return medians
