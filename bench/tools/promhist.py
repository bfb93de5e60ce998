"""Reads leadrouter's /actuator/prometheus text (python3 stdlib only).
  promhist.py sum FILE NAME [label=value ...]      the sum of NAME's samples whose labels include these (0 if none)
  promhist.py quantiles BEFORE AFTER NAME [label=value ...]
      from the _bucket, _count and _sum deltas of histogram NAME (e.g. leadrouter_lead_decided_seconds) between two
      scrapes: JSON {"count", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "max_le_ms"}; each quantile interpolated linearly
      inside its bucket, as Prometheus' histogram_quantile() does; null when nothing was recorded in between.
FILE may be '-' (standard input)."""
import json, re, sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def samples(path):
    text = sys.stdin.read() if path == '-' else open(path, encoding='utf-8').read()
    for line in text.splitlines():
        m = SAMPLE.match(line)
        if m:
            yield m.group(1), dict(LABEL.findall(m.group(2) or '')), float(m.group(3))


def total(path, name, want, by=None):
    """Sum of NAME's matching samples; with BY, a dict of sums per value of that label."""
    out = {} if by else 0.0
    for n, labels, value in samples(path):
        if n == name and all(labels.get(k) == v for k, v in want.items()):
            if by:
                out[labels[by]] = out.get(labels[by], 0.0) + value
            else:
                out += value
    return out


def quantiles(before, after, name, want):
    b0, b1 = total(before, name + '_bucket', want, 'le'), total(after, name + '_bucket', want, 'le')
    buckets = sorted((float(le), b1[le] - b0.get(le, 0.0)) for le in b1)  # cumulative counts per upper bound
    count = total(after, name + '_count', want) - total(before, name + '_count', want)
    seconds = total(after, name + '_sum', want) - total(before, name + '_sum', want)
    result = {'count': int(round(count)), 'mean_ms': None, 'p50_ms': None, 'p90_ms': None, 'p99_ms': None, 'max_le_ms': None}
    if count <= 0 or not buckets:
        return result
    result['mean_ms'] = round(seconds * 1000 / count, 1)
    for q, key in ((0.5, 'p50_ms'), (0.9, 'p90_ms'), (0.99, 'p99_ms')):
        rank, lower, below = q * count, 0.0, 0.0
        for le, cumulative in buckets:
            if cumulative >= rank:
                if le == float('inf'):  # beyond the highest bound: the bound below is all we know
                    value = lower
                else:
                    value = lower + (le - lower) * ((rank - below) / (cumulative - below) if cumulative > below else 1)
                result[key] = round(value * 1000, 1)
                break
            lower, below = le, cumulative
    highest = next((le for le, c in buckets if c >= count), None)
    result['max_le_ms'] = None if highest is None or highest == float('inf') else round(highest * 1000, 1)
    return result


def labels(args):
    return dict(a.split('=', 1) for a in args)


if __name__ == '__main__':
    if len(sys.argv) >= 4 and sys.argv[1] == 'sum':
        print(f"{total(sys.argv[2], sys.argv[3], labels(sys.argv[4:])):.0f}")
    elif len(sys.argv) >= 5 and sys.argv[1] == 'quantiles':
        print(json.dumps(quantiles(sys.argv[2], sys.argv[3], sys.argv[4], labels(sys.argv[5:]))))
    else:
        sys.exit(__doc__)
