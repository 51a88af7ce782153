// Random draws with per-element parameters: element i of a draw is f(i, parameters...),
// a function of its C-order position and its own parameters only, so any backend, block
// or thread order gives the same numbers. Each is the one definition both backends use.
// Rejection loops are bounded (kMaxAttempts); the chance of reaching the bound is below
// 1e-100 for every valid parameter, and the last candidate is returned then.
#pragma once

#include "functors_arith.hpp"
#include "params.hpp"
#include "philox.hpp"

namespace metallic::ops {

inline constexpr int kMaxAttempts = 1 << 12;

// The uniforms in [0, 1) element i of a draw consumes, one after another: the n-th is half
// n % 2 of Philox block (i, stream + ((n / 2 + 1) << 40)). A plain uniform or normal draw
// uses the counters (i, stream) only, and each draw has its own stream, so no two draws
// share a block.
class Uniforms {
 public:
  MTL_HD Uniforms(uint64_t key, uint64_t stream, int64_t i)
      : key_(key), stream_(stream), ctr_(static_cast<uint64_t>(i)) {}
  MTL_HD double next() {
    if ((n_ & 1) == 0) r_ = philox::philox4x32_10(ctr_, stream_ + ((n_ / 2 + 1) << 40), key_);
    const double u = (n_ & 1) ? philox::uniform_double(r_.x[2], r_.x[3]) : philox::uniform_double(r_.x[0], r_.x[1]);
    ++n_;
    return u;
  }
  // In (0, 1]: safe under a logarithm or a negative power.
  MTL_HD double open0() { return 1.0 - next(); }
  // A standard normal: the cosine half of Box-Muller.
  MTL_HD double normal() {
    const double radius = std::sqrt(-2.0 * std::log(open0()));
    return radius * std::cos(6.283185307179586476925 * next());
  }

 private:
  uint64_t key_, stream_, ctr_, n_ = 0;
  philox::Block r_{};
};

// What every such draw holds: u[0] = key, u[1] = stream.
struct RandomDraw {
  static constexpr bool kPositional = true;
  uint64_t key, stream;
  explicit MTL_HD RandomDraw(const Params& p) : key(p.u[0]), stream(p.u[1]) {}
  MTL_HD Uniforms uniforms(int64_t i) const { return Uniforms(key, stream, i); }
};

// Standard gamma of shape k >= 0 (Marsaglia and Tsang's squeeze method; for k < 1,
// G(k + 1) * U^(1/k); 0 for k = 0).
struct RandomGamma : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD double operator()(int64_t i, double k) const {
    if (!(k > 0)) return k == 0 ? 0.0 : k;  // NaN stays NaN
    Uniforms u = uniforms(i);
    const double kk = k < 1 ? k + 1 : k;
    const double d = kk - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    double g = d;
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double x = u.normal(), t = 1.0 + c * x;
      if (t <= 0) continue;
      const double v = t * t * t;
      g = d * v;
      if (std::log(u.open0()) < 0.5 * x * x + d - g + d * std::log(v)) break;
    }
    return k < 1 ? g * std::pow(u.open0(), 1.0 / k) : g;
  }
};

// Poisson of mean lam >= 0. lam < 10: inversion by sequential search on one uniform (at
// most 160 steps: the tail beyond is below 1e-60). lam >= 10: Hormann's PTRS (transformed
// rejection with squeeze), as NumPy's generator.
struct RandomPoisson : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD int64_t operator()(int64_t i, double lam) const {
    Uniforms u = uniforms(i);
    if (!(lam >= 10)) {
      const double x = u.next();
      double p = std::exp(-lam), cdf = p;
      int64_t k = 0;
      while (x > cdf && k < 160) {
        ++k;
        p *= lam / static_cast<double>(k);
        cdf += p;
      }
      return k;
    }
    const double slam = std::sqrt(lam), loglam = std::log(lam);
    const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    const double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    double k = std::floor(lam);
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double x = u.next() - 0.5, v = u.next(), us = 0.5 - std::fabs(x);
      k = std::floor((2 * a / us + b) * x + lam + 0.43);
      if (us >= 0.07 && v <= vr) break;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <= -lam + k * loglam - std::lgamma(k + 1))
        break;
    }
    return static_cast<int64_t>(k);
  }
};

// Binomial of n trials with success probability p (for p > 1/2, n minus a draw with
// 1 - p). n p < 10: inversion, restarted past n p + 10 standard deviations as NumPy's;
// otherwise Hormann's BTRS (transformed rejection with squeeze).
struct RandomBinomial : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD int64_t operator()(int64_t i, int64_t n, double p) const {
    if (n <= 0 || !(p > 0)) return 0;
    if (p >= 1) return n;
    Uniforms u = uniforms(i);
    const double q = p > 0.5 ? 1.0 - p : p, nd = static_cast<double>(n);
    const int64_t k = nd * q < 10 ? inversion(u, nd, q) : btrs(u, nd, q);
    return p > 0.5 ? n - k : k;
  }

 private:
  static MTL_HD int64_t inversion(Uniforms& u, double n, double q) {
    const double r = q / (1.0 - q), q0 = std::exp(n * std::log1p(-q));
    const double sd = std::sqrt(n * q * (1.0 - q) + 1.0), bound = n * q + 10.0 * sd < n ? n * q + 10.0 * sd : n;
    int64_t x = 0;
    for (int j = 0; j < kMaxAttempts; ++j) {
      double v = u.next(), px = q0;
      x = 0;
      while (v > px && x <= bound) {
        v -= px;
        ++x;
        px *= r * (n - static_cast<double>(x) + 1.0) / static_cast<double>(x);
      }
      if (x <= bound) break;
    }
    return x;
  }
  static MTL_HD int64_t btrs(Uniforms& u, double n, double q) {
    const double spq = std::sqrt(n * q * (1.0 - q));
    const double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * q, c = n * q + 0.5;
    const double vr = 0.92 - 4.2 / b, alpha = (2.83 + 5.1 / b) * spq, lpq = std::log(q / (1.0 - q));
    const double m = std::floor((n + 1.0) * q), h = std::lgamma(m + 1.0) + std::lgamma(n - m + 1.0);
    double k = m;
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double x = u.next() - 0.5, v = u.next(), us = 0.5 - std::fabs(x);
      const double cand = std::floor((2.0 * a / us + b) * x + c);
      if (!(cand >= 0 && cand <= n)) continue;
      k = cand;
      if (us >= 0.07 && v <= vr) break;
      if (std::log(v * alpha / (a / (us * us) + b)) <= h - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + (k - m) * lpq)
        break;
    }
    return static_cast<int64_t>(k);
  }
};

// Hypergeometric: good items among nsample drawn without replacement from ngood good and
// nbad bad ones. nsample <= 10: sequential drawing (NumPy's HYP); otherwise the ratio of
// uniforms of Stadlober (NumPy's HRUA). The caller checks nsample <= ngood + nbad.
struct RandomHypergeometric : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD int64_t operator()(int64_t i, int64_t ngood, int64_t nbad, int64_t nsample) const {
    Uniforms u = uniforms(i);
    const double good = static_cast<double>(ngood), bad = static_cast<double>(nbad);
    const double sample = static_cast<double>(nsample);
    if (nsample <= 10) {
      const double d1 = bad + good - sample, d2 = good < bad ? good : bad;
      double y = d2, k = sample;
      while (y > 0 && k > 0) {
        y -= std::floor(u.next() + y / (d1 + k));
        k -= 1;
      }
      const double z = d2 - y;
      return static_cast<int64_t>(good > bad ? sample - z : z);
    }
    const double min_gb = good < bad ? good : bad, max_gb = good < bad ? bad : good, pop = good + bad;
    const double m = sample < pop - sample ? sample : pop - sample;
    const double d4 = min_gb / pop, d5 = 1.0 - d4, d6 = m * d4 + 0.5;
    const double d7 = std::sqrt((pop - m) * sample * d4 * d5 / (pop - 1.0) + 0.5);
    const double d8 = 1.7155277699214135 * d7 + 0.8989161620588988;  // 2 sqrt(2/e), 3 - 2 sqrt(3/e)
    const double d9 = std::floor((m + 1.0) * (min_gb + 1.0) / (pop + 2.0));
    const double d10 = log_terms(d9, min_gb, max_gb, m);
    const double top = (m < min_gb ? m : min_gb) + 1.0, d11 = top < std::floor(d6 + 16.0 * d7) ? top : std::floor(d6 + 16.0 * d7);
    double z = d9;
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double x = u.next(), y = u.next(), w = d6 + d8 * (y - 0.5) / x;
      if (!(w >= 0 && w < d11)) continue;
      z = std::floor(w);
      const double t = d10 - log_terms(z, min_gb, max_gb, m);
      if (x * (4.0 - x) - 3.0 <= t) break;
      if (x * (x - t) >= 1.0) continue;
      if (2.0 * std::log(x) <= t) break;
    }
    if (good > bad) z = m - z;
    if (m < sample) z = good - z;
    return static_cast<int64_t>(z);
  }

 private:
  static MTL_HD double log_terms(double z, double min_gb, double max_gb, double m) {
    return std::lgamma(z + 1.0) + std::lgamma(min_gb - z + 1.0) + std::lgamma(m - z + 1.0) +
           std::lgamma(max_gb - m + z + 1.0);
  }
};

// Logarithmic series with 0 <= p < 1 (Kemp's second accelerated generator, as NumPy's).
struct RandomLogseries : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD int64_t operator()(int64_t i, double p) const {
    Uniforms u = uniforms(i);
    const double r = std::log1p(-p);
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double v = u.next();
      if (v >= p) return 1;
      const double q = -std::expm1(r * u.next());
      if (v <= q * q) {
        const double k = std::floor(1.0 + std::log(v) / std::log(q));
        if (k < 1 || v == 0.0) continue;
        return static_cast<int64_t>(k);
      }
      return v >= q ? 1 : 2;
    }
    return 1;
  }
};

// Zipf with exponent a > 1 (Devroye's rejection, as NumPy's; values past 2^63 rejected).
struct RandomZipf : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD int64_t operator()(int64_t i, double a) const {
    Uniforms u = uniforms(i);
    const double am1 = a - 1.0, b = std::pow(2.0, am1);
    double x = 1.0;
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double cand = std::floor(std::pow(u.open0(), -1.0 / am1)), v = u.next();
      if (!(cand >= 1.0 && cand < 9.2233720368547758e18)) continue;
      x = cand;
      const double t = std::pow(1.0 + 1.0 / x, am1);
      if (v * x * (t - 1.0) / (b - 1.0) <= t / b) break;
    }
    return static_cast<int64_t>(x);
  }
};

// von Mises on [-pi, pi] with mode mu and concentration kappa >= 0 (Best and Fisher's
// rejection, as NumPy's; uniform below kappa 1e-8, wrapped normal above 1e6).
struct RandomVonmises : RandomDraw {
  using RandomDraw::RandomDraw;
  MTL_HD double operator()(int64_t i, double mu, double kappa) const {
    constexpr double pi = 3.141592653589793238463;
    Uniforms u = uniforms(i);
    if (kappa < 1e-8) return pi * (2.0 * u.next() - 1.0);
    if (kappa > 1e6) {
      double r = mu + std::sqrt(1.0 / kappa) * u.normal();
      if (r < -pi) r += 2 * pi;
      if (r > pi) r -= 2 * pi;
      return r;
    }
    double s;
    if (kappa < 1e-5) {
      s = 1.0 / kappa + kappa;
    } else {
      const double r = 1.0 + std::sqrt(1.0 + 4.0 * kappa * kappa), rho = (r - std::sqrt(2.0 * r)) / (2.0 * kappa);
      s = (1.0 + rho * rho) / (2.0 * rho);
    }
    double w = 0;
    for (int j = 0; j < kMaxAttempts; ++j) {
      const double z = std::cos(pi * u.next());
      w = (1.0 + s * z) / (s + z);
      const double y = kappa * (s - w), v = u.next();
      if (y * (2.0 - y) - v >= 0 || std::log(y / v) + 1.0 - y >= 0) break;
    }
    double r = std::acos(w < -1.0 ? -1.0 : (w > 1.0 ? 1.0 : w));
    if (u.next() < 0.5) r = -r;
    r += mu;
    const double m = std::fmod(std::fabs(r) + pi, 2.0 * pi) - pi;
    return r < 0 ? -m : m;
  }
};

}  // namespace metallic::ops
