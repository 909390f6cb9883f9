// A fully connected layer, PyTorch's nn.Linear: out = inp · weightᵀ + bias.
//
// Legend (llm.c style: arguments run outputs, inputs, sizes)
//   B    rows of a batch (samples, or sample × latent pairs)
//   C    input features;  OC  output features
//   weight (OC, C), bias (OC): row-major, the layout of nn.Linear's state_dict,
//   so a weight read from PyTorch needs no transpose.
//   Activations are feature-major: inp (C, B) holds feature c of row b at
//   c·B + b, out (OC, B) likewise. The batch is the long axis (64 rows a
//   chunk, against 1–16 features), so the kernels run along it four rows
//   to a vector (vector_clones.hpp); Mlp converts its callers' row-major
//   batches at its ends.
//   d…   a gradient: dout = ∂L/∂out, dinp = ∂L/∂inp, dweight = ∂L/∂weight, …
//
// The backward pass accumulates (+=) the parameters' gradients, as llm.c's
// does: a layer used for several batches, or a parameter shared by several
// paths, sums its gradients. The input's gradient is overwritten: it is the
// whole of what flows back to the layer below.
//
// Every output element is a sum in a fixed order, whatever the vectors and
// the threads, the order of a plain loop: out(o, b) = bias(o) + Σ_c over
// c = 0 … C−1; dinp(c, b) = 0 + Σ_o over o = 0 … OC−1; dweight and dbias
// over b = 0 … B−1 onto their values.
#pragma once

#include "rng.hpp"

#include <cstddef>

namespace ebm {

// out (OC, B) = weight (OC, C) · inp (C, B) + bias (OC); bias may be null (no bias).
void linear_forward(double* out, const double* inp, const double* weight, const double* bias, std::size_t B,
                    std::size_t C, std::size_t OC);

// dinp (C, B) = weightᵀ (C, OC) · dout (OC, B)
// dweight (OC, C) += dout (OC, B) · inpᵀ (B, C)
// dbias (OC) += Σ_b dout (·, b)
// Any of dinp, dweight, dbias may be null: that gradient is not wanted (the
// first layer's dinp, the parameters of a frozen layer).
void linear_backward(double* dinp, double* dweight, double* dbias, const double* dout, const double* inp,
                     const double* weight, std::size_t B, std::size_t C, std::size_t OC);

// PyTorch's default initialisation of nn.Linear(C, OC): every weight, then
// every bias, uniform on (−1/√C, 1/√C), drawn from `rng` in row-major order.
// (PyTorch's kaiming_uniform_(a = √5) on the weight gives the same bound 1/√C.)
void linear_init(double* weight, double* bias, std::size_t C, std::size_t OC, Rng& rng);

}  // namespace ebm
