# mistake: returns scipy.stats.mannwhitneyu with its default method, which gives an exact p-value for small samples without ties, not the normal approximation
# caught-by: examples from the statement
from scipy.stats import mannwhitneyu


def mann_whitney_u(x, y):
    res = mannwhitneyu(x, y)
    return float(res.statistic), float(res.pvalue)
