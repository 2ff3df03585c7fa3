//! 1-D kernels on profiles and value lists (a few thousand samples at most): scalar only, one
//! path, no dispatch. Inputs are NaN-free. Results are the same as the plain definitions stated
//! on each function (the tests keep those definitions as oracles), only cheaper to reach.

/// Running maximum over a window of `2r + 1` samples (the window is cut at the ends).
pub fn max_filter(x: &[f32], r: usize) -> Vec<f32> {
    // Comparisons, not f32::max: in wasm that is a call to libm's fmaxf (NaN rules), and the
    // input is NaN-free.
    running(x, r, f32::NEG_INFINITY, |a, b| if b > a { b } else { a })
}

/// Running minimum over a window of `2r + 1` samples (the window is cut at the ends).
pub fn min_filter(x: &[f32], r: usize) -> Vec<f32> {
    running(x, r, f32::INFINITY, |a, b| if b < a { b } else { a })
}

/// van Herk / Gil-Werman: O(n) whatever `r`. The input is padded with `neutral` (±inf) so a
/// cut window picks from the samples it covers only; blocks of `k = 2r + 1` hold prefix picks
/// (`ahead`, left to right) and suffix picks (`behind`); the window starting at padded index
/// `i` is `pick(behind[i], ahead[i + k - 1])`. Max and min are exact, so this equals the
/// direct definition (up to the sign of a zero when both +0 and -0 occur).
#[inline(always)]
fn running(x: &[f32], r: usize, neutral: f32, pick: impl Fn(f32, f32) -> f32) -> Vec<f32> {
    let n = x.len();
    if n == 0 || r == 0 {
        return x.to_vec();
    }
    let r = r.min(n); // a wider window covers the whole (cut) profile anyway
    let k = 2 * r + 1;
    let len = n + 2 * r;
    let padded = |i: usize| if i < r || i >= r + n { neutral } else { x[i - r] };
    let mut ahead = vec![neutral; len];
    let mut behind = vec![neutral; len];
    for i in 0..len {
        ahead[i] = if i % k == 0 { padded(i) } else { pick(ahead[i - 1], padded(i)) };
    }
    for i in (0..len).rev() {
        behind[i] = if i == len - 1 || (i + 1) % k == 0 { padded(i) } else { pick(behind[i + 1], padded(i)) };
    }
    (0..n).map(|i| pick(behind[i], ahead[i + k - 1])).collect()
}

/// Morphological closing (max then min): removes dips narrower than `2r + 1`, keeps steps.
pub fn closing(x: &[f32], r: usize) -> Vec<f32> {
    min_filter(&max_filter(x, r), r)
}

/// Centred moving average over `2r + 1` samples (the window is cut at the ends).
/// Arithmetic: f64 prefix sums, `(prefix[hi] - prefix[lo]) / count`, rounded to f32.
pub fn box_smooth(x: &[f32], r: usize) -> Vec<f32> {
    if r == 0 || x.is_empty() {
        return x.to_vec();
    }
    let mut prefix = Vec::with_capacity(x.len() + 1);
    prefix.push(0.0f64);
    let mut s = 0.0f64;
    for &v in x {
        s += v as f64;
        prefix.push(s);
    }
    (0..x.len())
        .map(|i| {
            let lo = i.saturating_sub(r);
            let hi = (i + r + 1).min(x.len());
            ((prefix[hi] - prefix[lo]) / (hi - lo) as f64) as f32
        })
        .collect()
}

/// Sorts `values` ascending in `f32::total_cmp`'s order. Every sort of plain numbers goes through
/// this one function: each `sort_by` closure is a copy of the whole sort in the wasm (4-5 KB).
#[inline(never)]
pub fn sort_f32(values: &mut [f32]) {
    // Equal values are indistinguishable, so an unstable sort gives a stable one's result.
    values.sort_unstable_by(f32::total_cmp);
}

/// Sorts `items` ascending by `key` in `f32::total_cmp`'s order, items of equal keys kept in
/// their order (a stable sort), with one sort for every item type (see [`sort_f32`]). Each
/// key is computed once.
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> f32) {
    let keys: Vec<f32> = items.iter().map(key).collect();
    let order = order_of(&keys);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The indices that sort `keys` (total order; ties by index, so stable).
#[inline(never)]
fn order_of(keys: &[f32]) -> Vec<usize> {
    let mut pairs: Vec<(f32, usize)> = keys.iter().copied().zip(0..).collect();
    // The pairs are all distinct (by index), so an unstable sort is as good as a stable one.
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// The median of a slice (NaN-free input); 0 for an empty slice. For an even count, the mean
/// of the two middle values. Selection, not a sort: O(n).
pub fn median(values: &[f32]) -> f32 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let mut v = values.to_vec();
    let (left, &mut upper, _) = v.select_nth_unstable_by(n / 2, |a, b| a.total_cmp(b));
    if n % 2 == 1 {
        upper
    } else {
        // The largest of the lower half is the other middle value.
        let lower = left.iter().copied().fold(f32::NEG_INFINITY, |a, b| if b.total_cmp(&a).is_gt() { b } else { a });
        0.5 * (lower + upper)
    }
}

/// Mean of the middle part of `values` after dropping `trim` (0..0.5) of each end: the values
/// ranked `k..n - k` (`k = floor(n * trim)`), summed in f64 and rounded to f32. Reorders
/// `values` (two selections, not a sort: O(n)). An f64 sum of so few f32 values of one scale
/// is exact in practice, so the order they are summed in does not change the bits.
pub fn trimmed_mean(values: &mut [f32], trim: f32) -> f32 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let k = ((n as f32) * trim.clamp(0.0, 0.49)) as usize;
    let cmp = |a: &f32, b: &f32| a.total_cmp(b);
    // values[k..] then holds the n - k largest; of those, the first n - 2k are the middle.
    if k > 0 {
        values.select_nth_unstable_by(k - 1, cmp);
        values[k..].select_nth_unstable_by(n - 2 * k, cmp);
    }
    let mid = &values[k..n - k];
    (mid.iter().map(|&v| v as f64).sum::<f64>() / mid.len() as f64) as f32
}
