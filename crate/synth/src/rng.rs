//! Small deterministic random numbers: a SplitMix64 generator ([`Rng`]) for drawing scene
//! parameters, and stateless hashes ([`mix64`], [`hash2`]) for per-pixel textures and noise.
//!
//! Conventions: nothing here reads the clock or the OS; the same seed gives the same stream on
//! every run. Per-pixel noise is a pure function of (seed, x, y), so rows may be rendered in any
//! order and still give identical bytes.

/// A SplitMix64 pseudo-random generator. Not cryptographic; fast, tiny and reproducible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a good 64-bit mixing function (bijective).
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of an integer lattice point under a seed.
#[inline]
pub fn hash2(seed: u64, x: i32, y: i32) -> u64 {
    mix64(
        seed ^ (x as u32 as u64).wrapping_mul(GOLDEN)
            ^ (y as u32 as u64)
                .wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
                .rotate_left(29),
    )
}

/// The top 24 bits of a hash as a float in [-1, 1).
#[inline]
pub fn signed_unit(h: u64) -> f32 {
    (h >> 40) as f32 * (2.0 / 16_777_216.0) - 1.0
}

/// An approximately standard-normal value from 32 bits of a hash (Irwin–Hall sum of four bytes,
/// rescaled to variance 1; tails stop at ±3.46σ, which is fine for sensor noise).
#[inline]
pub fn gauss_from_bits(h: u32) -> f32 {
    let s = (h & 0xFF) + ((h >> 8) & 0xFF) + ((h >> 16) & 0xFF) + (h >> 24);
    (s as f32 - 510.0) * (1.0 / 147.80)
}

impl Rng {
    /// A generator for this seed. Every seed (including 0) is fine.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }

    /// Uniform in [0, 1).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / 16_777_216.0
    }

    /// Uniform in [a, b) (or [b, a) when b < a).
    pub fn range(&mut self, a: f32, b: f32) -> f32 {
        a + (b - a) * self.next_f32()
    }

    /// Log-uniform in [a, b), both positive: as many draws in 0.04..0.08 as in 0.25..0.5.
    pub fn log_range(&mut self, a: f32, b: f32) -> f32 {
        (a.ln() + (b.ln() - a.ln()) * self.next_f32()).exp()
    }

    /// Uniform integer in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// True with probability p.
    pub fn chance(&mut self, p: f32) -> bool {
        self.next_f32() < p
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f32 {
        let u1 = 1.0 - self.next_f32(); // (0, 1]
        let u2 = self.next_f32();
        (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
    }

    /// An independent generator derived from this one and a label (for sub-streams).
    pub fn fork(&mut self, label: u64) -> Rng {
        Rng(mix64(self.next_u64() ^ label.wrapping_mul(GOLDEN)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn ranges_and_moments() {
        let mut r = Rng::new(1);
        let n = 20_000;
        let (mut s, mut s2, mut gs, mut gs2) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for i in 0..n {
            let x = r.range(2.0, 3.0);
            assert!((2.0..3.0).contains(&x));
            assert!(r.below(5) < 5);
            let z = r.normal() as f64;
            s += z;
            s2 += z * z;
            let g = gauss_from_bits(mix64(i as u64) as u32) as f64;
            gs += g;
            gs2 += g * g;
        }
        let n = n as f64;
        assert!((s / n).abs() < 0.03, "mean {}", s / n);
        assert!((s2 / n - 1.0).abs() < 0.05, "var {}", s2 / n);
        assert!((gs / n).abs() < 0.03);
        assert!((gs2 / n - 1.0).abs() < 0.05, "hash gauss var {}", gs2 / n);
    }
}
