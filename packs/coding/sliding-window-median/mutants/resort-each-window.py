# mistake: sorts every window from scratch: O(n w log w)
# caught-by: runs in O(n log w)
def sliding_window_median(values, w):
    medians = []
    for i in range(len(values) - w + 1):
        window = sorted(values[i:i + w])
        mid = w // 2
        medians.append(float(window[mid]) if w % 2 else (window[mid - 1] + window[mid]) / 2)
    return medians
