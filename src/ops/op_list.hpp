// The one table of elementwise operations: X(id, numpy name, functor, loops).
// Loops use NumPy's type characters ("ff->f"), tried in order as NumPy's ufunc.types.
#pragma once

#include "functors_generate.hpp"
#include "functors_random.hpp"
#include "functors_logic.hpp"
#include "functors_math.hpp"

// Homogeneous loop lists.
#define MTL_B_BOOL "??->? "
#define MTL_B_INT "bb->b BB->B hh->h HH->H ii->i II->I ll->l LL->L "
#define MTL_B_FLT "ee->e ff->f dd->d "
#define MTL_B_CPX "FF->F DD->D "
#define MTL_U_BOOL "?->? "
#define MTL_U_INT "b->b B->B h->h H->H i->i I->I l->l L->L "
#define MTL_U_FLT "e->e f->f d->d "
#define MTL_U_CPX "F->F D->D "
#define MTL_B_ALL MTL_B_BOOL MTL_B_INT MTL_B_FLT MTL_B_CPX
#define MTL_U_NUM MTL_U_INT MTL_U_FLT MTL_U_CPX
// Predicates: any input type, bool out.
#define MTL_PRED1 "?->? b->? B->? h->? H->? i->? I->? l->? L->? e->? f->? d->? F->? D->? "
#define MTL_PRED2 \
  "??->? bb->? BB->? hh->? HH->? ii->? II->? ll->? LL->? ee->? ff->? dd->? FF->? DD->? "
#define MTL_CMP2                                                                               \
  "??->? bb->? BB->? hh->? HH->? ii->? II->? ll->? LL->? lL->? Ll->? ee->? ff->? dd->? FF->? " \
  "DD->? "

#define MTL_ELEMENTWISE_OPS(X)                                                                    \
  X(add, "add", Add, MTL_B_ALL)                                                                   \
  X(subtract, "subtract", Subtract, MTL_B_INT MTL_B_FLT MTL_B_CPX)                                \
  X(multiply, "multiply", Multiply, MTL_B_ALL)                                                    \
  X(divide, "divide", TrueDivide, MTL_B_FLT MTL_B_CPX)                                            \
  X(floor_divide, "floor_divide", FloorDivide, MTL_B_INT MTL_B_FLT)                               \
  X(remainder, "remainder", Remainder, MTL_B_INT MTL_B_FLT)                                       \
  X(fmod, "fmod", Fmod, MTL_B_INT MTL_B_FLT)                                                      \
  X(divmod, "divmod", Divmod,                                                                     \
    "bb->bb BB->BB hh->hh HH->HH ii->ii II->II ll->ll LL->LL ee->ee ff->ff dd->dd")               \
  X(power, "power", Power, MTL_B_INT MTL_B_FLT MTL_B_CPX)                                         \
  X(float_power, "float_power", FloatPower, "dd->d DD->D")                                        \
  X(negative, "negative", Negative, MTL_U_NUM)                                                    \
  X(positive, "positive", Positive, MTL_U_NUM)                                                    \
  X(absolute, "absolute", Absolute, MTL_U_BOOL MTL_U_INT MTL_U_FLT "F->f D->d")                   \
  X(fabs, "fabs", Fabs, MTL_U_FLT)                                                                \
  X(sign, "sign", Sign, MTL_U_NUM)                                                                \
  X(reciprocal, "reciprocal", Reciprocal, MTL_U_NUM)                                              \
  X(square, "square", Square, MTL_U_NUM)                                                          \
  X(conjugate, "conjugate", Conjugate, MTL_U_NUM)                                                 \
  X(sqrt, "sqrt", Sqrt, MTL_U_FLT MTL_U_CPX)                                                      \
  X(cbrt, "cbrt", Cbrt, MTL_U_FLT)                                                                \
  X(exp, "exp", Exp, MTL_U_FLT MTL_U_CPX)                                                         \
  X(exp2, "exp2", Exp2, MTL_U_FLT MTL_U_CPX)                                                      \
  X(expm1, "expm1", Expm1, MTL_U_FLT MTL_U_CPX)                                                   \
  X(log, "log", Log, MTL_U_FLT MTL_U_CPX)                                                         \
  X(log2, "log2", Log2, MTL_U_FLT MTL_U_CPX)                                                      \
  X(log10, "log10", Log10, MTL_U_FLT MTL_U_CPX)                                                   \
  X(log1p, "log1p", Log1p, MTL_U_FLT MTL_U_CPX)                                                   \
  X(sin, "sin", Sin, MTL_U_FLT MTL_U_CPX)                                                         \
  X(cos, "cos", Cos, MTL_U_FLT MTL_U_CPX)                                                         \
  X(tan, "tan", Tan, MTL_U_FLT MTL_U_CPX)                                                         \
  X(arcsin, "arcsin", Arcsin, MTL_U_FLT MTL_U_CPX)                                                \
  X(arccos, "arccos", Arccos, MTL_U_FLT MTL_U_CPX)                                                \
  X(arctan, "arctan", Arctan, MTL_U_FLT MTL_U_CPX)                                                \
  X(sinh, "sinh", Sinh, MTL_U_FLT MTL_U_CPX)                                                      \
  X(cosh, "cosh", Cosh, MTL_U_FLT MTL_U_CPX)                                                      \
  X(tanh, "tanh", Tanh, MTL_U_FLT MTL_U_CPX)                                                      \
  X(arcsinh, "arcsinh", Arcsinh, MTL_U_FLT MTL_U_CPX)                                             \
  X(arccosh, "arccosh", Arccosh, MTL_U_FLT MTL_U_CPX)                                             \
  X(arctanh, "arctanh", Arctanh, MTL_U_FLT MTL_U_CPX)                                             \
  X(degrees, "degrees", Degrees, MTL_U_FLT)                                                       \
  X(radians, "radians", Radians, MTL_U_FLT)                                                       \
  X(floor, "floor", Floor, MTL_U_BOOL MTL_U_INT MTL_U_FLT)                                        \
  X(ceil, "ceil", Ceil, MTL_U_BOOL MTL_U_INT MTL_U_FLT)                                           \
  X(trunc, "trunc", Trunc, MTL_U_BOOL MTL_U_INT MTL_U_FLT)                                        \
  X(rint, "rint", Rint, MTL_U_FLT MTL_U_CPX)                                                      \
  X(arctan2, "arctan2", Arctan2, MTL_B_FLT)                                                       \
  X(hypot, "hypot", Hypot, MTL_B_FLT)                                                             \
  X(copysign, "copysign", Copysign, MTL_B_FLT)                                                    \
  X(nextafter, "nextafter", Nextafter, MTL_B_FLT)                                                 \
  X(spacing, "spacing", Spacing, MTL_U_FLT)                                                       \
  X(logaddexp, "logaddexp", Logaddexp, MTL_B_FLT)                                                 \
  X(logaddexp2, "logaddexp2", Logaddexp2, MTL_B_FLT)                                              \
  X(heaviside, "heaviside", Heaviside, MTL_B_FLT)                                                 \
  X(maximum, "maximum", Maximum, MTL_B_ALL)                                                       \
  X(minimum, "minimum", Minimum, MTL_B_ALL)                                                       \
  X(fmax, "fmax", Fmax, MTL_B_ALL)                                                                \
  X(fmin, "fmin", Fmin, MTL_B_ALL)                                                                \
  X(isnan, "isnan", IsNan, MTL_PRED1)                                                             \
  X(isinf, "isinf", IsInf, MTL_PRED1)                                                             \
  X(isfinite, "isfinite", IsFinite, MTL_PRED1)                                                    \
  X(signbit, "signbit", Signbit, "e->? f->? d->? ")                                               \
  X(ldexp, "ldexp", Ldexp, "ei->e fi->f el->e fl->f di->d dl->d ")                                \
  X(frexp, "frexp", Frexp, "e->ei f->fi d->di ")                                                  \
  X(modf, "modf", Modf, "e->ee f->ff d->dd ")                                                     \
  X(gcd, "gcd", Gcd, MTL_B_INT)                                                                   \
  X(lcm, "lcm", Lcm, MTL_B_INT)                                                                   \
  X(equal, "equal", Equal, MTL_CMP2)                                                              \
  X(not_equal, "not_equal", NotEqual, MTL_CMP2)                                                   \
  X(less, "less", Less, MTL_CMP2)                                                                 \
  X(less_equal, "less_equal", LessEqual, MTL_CMP2)                                                \
  X(greater, "greater", Greater, MTL_CMP2)                                                        \
  X(greater_equal, "greater_equal", GreaterEqual, MTL_CMP2)                                       \
  X(logical_and, "logical_and", LogicalAnd, MTL_PRED2)                                            \
  X(logical_or, "logical_or", LogicalOr, MTL_PRED2)                                               \
  X(logical_xor, "logical_xor", LogicalXor, MTL_PRED2)                                            \
  X(logical_not, "logical_not", LogicalNot, MTL_PRED1)                                            \
  X(bitwise_and, "bitwise_and", BitwiseAnd, MTL_B_BOOL MTL_B_INT)                                 \
  X(bitwise_or, "bitwise_or", BitwiseOr, MTL_B_BOOL MTL_B_INT)                                    \
  X(bitwise_xor, "bitwise_xor", BitwiseXor, MTL_B_BOOL MTL_B_INT)                                 \
  X(invert, "invert", Invert, MTL_U_BOOL MTL_U_INT)                                               \
  X(bitwise_count, "bitwise_count", BitwiseCount, "b->B B->B h->B H->B i->B I->B l->B L->B ")     \
  X(left_shift, "left_shift", LeftShift, MTL_B_INT)                                               \
  X(right_shift, "right_shift", RightShift, MTL_B_INT)                                            \
  X(where, "where", Where,                                                                        \
    "???->? ?bb->b ?BB->B ?hh->h ?HH->H ?ii->i ?II->I ?ll->l ?LL->L ?ee->e ?ff->f ?dd->d ?FF->F " \
    "?DD->D ")                                                                                    \
  X(iota, "_iota", Iota, "->l ")                                                                  \
  X(random_uniform, "_random_uniform", RandomUniform, "->d ")                                     \
  X(random_normal, "_random_normal", RandomNormal, "->d ")                                       \
  X(random_uniform_f32, "_random_uniform_f32", RandomUniformF32, "->f ")                         \
  X(random_normal_f32, "_random_normal_f32", RandomNormalF32, "->f ")                            \
  X(random_gamma, "_random_gamma", RandomGamma, "d->d ")                                          \
  X(random_poisson, "_random_poisson", RandomPoisson, "d->l ")                                    \
  X(random_binomial, "_random_binomial", RandomBinomial, "ld->l ")                                \
  X(random_hypergeometric, "_random_hypergeometric", RandomHypergeometric, "lll->l ")             \
  X(random_logseries, "_random_logseries", RandomLogseries, "d->l ")                              \
  X(random_zipf, "_random_zipf", RandomZipf, "d->l ")                                             \
  X(random_vonmises, "_random_vonmises", RandomVonmises, "dd->d ")

namespace metallic {

enum class OpId : uint16_t {
#define MTL_X(id, name, F, loops) id,
  MTL_ELEMENTWISE_OPS(MTL_X)
#undef MTL_X
      count_
};
inline constexpr int kNumOps = static_cast<int>(OpId::count_);

}  // namespace metallic
