# mistake: returns scipy.stats.ks_2samp with its default method, whose p-value is exact for small samples, not the asymptotic one the statement asks for
# caught-by: statistic and p-value: examples
from scipy.stats import ks_2samp


def ks_two_sample(x, y):
    res = ks_2samp(x, y)
    return float(res.statistic), float(res.pvalue)
