package main

import (
	"fmt"
	"io"
	"math"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// backprop holds the matrices of backpropagation over a batch of N
// examples, one per row, computed with plain loops: no engine involved.
type backprop struct {
	x, y          [][]float64 // N×3 inputs, N×2 targets
	z1, a1, z2    [][]float64 // N×2 each; the prediction Ŷ is z2
	loss          float64
	dz2, da1, dz1 [][]float64 // N×2 each
	relu1         [][]float64 // relu'(Z(1)), N×2 of 0s and 1s
	dw1, dw2      [][]float64 // 2×3 and 2×2, shaped like W(1) and W(2)
	db1, db2      []float64
}

// matrixForm computes the forward pass, the loss (1/N) Σ ||Ŷ - Y||² and
// every gradient of the example's network with weights w and biases b (as
// startWeights gives them) over the batch ss, in matrix form.
func matrixForm(ss []student, w [][][]float64, b [][]float64) *backprop {
	bp := &backprop{}
	for _, s := range ss {
		bp.x = append(bp.x, s.x)
		bp.y = append(bp.y, s.y)
	}
	n := float64(len(ss))

	// Forward: Z(1) = X W(1)ᵀ + b(1), A(1) = relu(Z(1)), Ŷ = Z(2) = A(1) W(2)ᵀ + b(2).
	bp.z1 = addRow(mul(bp.x, transpose(w[0])), b[0])
	bp.a1 = apply(bp.z1, func(z float64) float64 { return max(z, 0) })
	bp.z2 = addRow(mul(bp.a1, transpose(w[1])), b[1])
	for r, row := range bp.z2 {
		for c, yhat := range row {
			d := yhat - bp.y[r][c]
			bp.loss += d * d / n
		}
	}

	// Backward, from dZ(2) = ∂L/∂Z(2) = (2/N)(Ŷ - Y) down to layer 1.
	bp.dz2 = zip(bp.z2, bp.y, func(yhat, y float64) float64 {
		return 2 / n * (yhat - y)
	})
	bp.dw2 = mul(transpose(bp.dz2), bp.a1)
	bp.db2 = colSums(bp.dz2)
	bp.da1 = mul(bp.dz2, w[1])
	bp.relu1 = apply(bp.z1, func(z float64) float64 {
		// relu'(0) = 0, as the engine has it.
		if z > 0 {
			return 1
		}
		return 0
	})
	bp.dz1 = zip(bp.da1, bp.relu1, func(d, r float64) float64 { return d * r })
	bp.dw1 = mul(transpose(bp.dz1), bp.x)
	bp.db1 = colSums(bp.dz1)
	return bp
}

// writeMatrixForm writes section 3: the batch, its forward pass and its
// gradients in matrix form, beside the engine's gradients of the same loss.
func writeMatrixForm(w io.Writer) {
	heading(w, 3, "The matrix form")
	ss := students()
	wts, bs := startWeights()
	bp := matrixForm(ss, wts, bs)
	fmt.Fprintf(w, "Backpropagation does the same for a whole batch at once, with matrix\n"+
		"products. Take N = %d students, one per row; the first is the one above.\n"+
		"Same starting weights, and L = (1/N) Σ ||ŷ - y||² over the batch.\n\n", len(ss))
	ind := "  "
	sideBySide(w, ind, []string{"X (studied, slept, grade)", "Y (math, reading)"},
		matrix(bp.x), matrix(bp.y))
	fmt.Fprintln(w)
	sideBySide(w, ind, []string{"W(1)", "b(1)", "W(2)", "b(2)"},
		matrix(wts[0]), row(bs[0]), matrix(wts[1]), row(bs[1]))

	fmt.Fprint(w, "\nForward, with A(0) = X, and Ŷ = Z(2) as the output layer is linear:\n")
	sideBySide(w, ind, []string{"Z(1) = X W(1)ᵀ + b(1)", "A(1) = relu(Z(1))",
		"Ŷ = A(1) W(2)ᵀ + b(2)"}, matrix(bp.z1), matrix(bp.a1), matrix(bp.z2))
	fmt.Fprintf(w, "%sL = (1/N) Σ ||ŷ - y||² = %s\n", ind, num(bp.loss))

	fmt.Fprint(w, "\nBackward, with plain loops; dM is ∂L/∂M, "+
		"and ⊙ multiplies elementwise:\n")
	sideBySide(w, ind, []string{"dZ(2) = (2/N)(Ŷ - Y)", "dA(1) = dZ(2) W(2)"},
		matrix(bp.dz2), matrix(bp.da1))
	fmt.Fprintln(w)
	sideBySide(w, ind, []string{"relu'(Z(1))", "dZ(1) = dA(1) ⊙ relu'(Z(1))"},
		matrix(bp.relu1), matrix(bp.dz1))
	fmt.Fprint(w, "\nStudent 3 has z1(1) < 0, so relu' is 0 there: nothing flows back\n"+
		"through hidden neuron 1 from that student.\n\n")

	// The engine's gradients of the same loss, built by nn.MSE over the
	// batch, beside the loops' results.
	m := newNetwork()
	var pred [][]*autodiff.Value[float64]
	for _, s := range ss {
		pred = append(pred, m.Forward(consts("x", s.x)))
	}
	loss := nn.MSE(pred, bp.y)
	loss.Backward()
	eng := engineGrads(m)
	fmt.Fprintf(w, "The gradients, and the engine's from nn.MSE over the batch\n"+
		"(L = %s) and L.Backward():\n", num(loss.Data()))
	for l := len(wts) - 1; l >= 0; l-- {
		dw, db, prev := bp.dw2, bp.db2, "A(1)"
		if l == 0 {
			dw, db, prev = bp.dw1, bp.db1, "X"
		}
		sideBySide(w, ind, []string{
			fmt.Sprintf("dW(%d) = dZ(%d)ᵀ %s", l+1, l+1, prev),
			fmt.Sprintf("engine's ∂L/∂W(%d)", l+1),
		}, matrix(dw), matrix(eng.w[l]))
		sideBySide(w, ind, []string{
			fmt.Sprintf("db(%d) = column sums of dZ(%d)", l+1, l+1),
			fmt.Sprintf("engine's ∂L/∂b(%d)", l+1),
		}, row(db), row(eng.b[l]))
		fmt.Fprintln(w)
	}

	d := maxDiff(bp, eng)
	if d <= 1e-12 {
		fmt.Fprintf(w, "All %d gradients agree to within 1e-12 ✓\n\n", m.NumParameters())
	} else {
		fmt.Fprintf(w, "The gradients differ by up to %s ✗\n\n", sci(d))
	}
}

// grads holds the gradients of the example's network, shaped as
// startWeights shapes its weights and biases.
type grads struct {
	w [][][]float64
	b [][]float64
}

// engineGrads returns the gradients that Backward left in m's parameters.
func engineGrads(m *nn.MLP[float64]) grads {
	var g grads
	for _, layer := range m.Layers {
		var w [][]float64
		var b []float64
		for _, n := range layer.Neurons {
			var r []float64
			for _, wt := range n.W {
				r = append(r, wt.Grad())
			}
			w = append(w, r)
			b = append(b, n.B.Grad())
		}
		g.w = append(g.w, w)
		g.b = append(g.b, b)
	}
	return g
}

// maxDiff returns the largest difference between a gradient of bp and the
// same one of g.
func maxDiff(bp *backprop, g grads) float64 {
	d := 0.0
	for l, dw := range [][][]float64{bp.dw1, bp.dw2} {
		for j, r := range dw {
			for i, x := range r {
				d = max(d, math.Abs(x-g.w[l][j][i]))
			}
		}
	}
	for l, db := range [][]float64{bp.db1, bp.db2} {
		for j, x := range db {
			d = max(d, math.Abs(x-g.b[l][j]))
		}
	}
	return d
}

// mul returns a b.
func mul(a, b [][]float64) [][]float64 {
	out := make([][]float64, len(a))
	for r := range a {
		out[r] = make([]float64, len(b[0]))
		for c := range out[r] {
			for k := range b {
				out[r][c] += a[r][k] * b[k][c]
			}
		}
	}
	return out
}

// transpose returns mᵀ.
func transpose(m [][]float64) [][]float64 {
	out := make([][]float64, len(m[0]))
	for c := range out {
		out[c] = make([]float64, len(m))
		for r := range m {
			out[c][r] = m[r][c]
		}
	}
	return out
}

// addRow returns m with v added to each of its rows.
func addRow(m [][]float64, v []float64) [][]float64 {
	for _, r := range m {
		for c := range r {
			r[c] += v[c]
		}
	}
	return m
}

// colSums returns the sum of each column of m.
func colSums(m [][]float64) []float64 {
	s := make([]float64, len(m[0]))
	for _, r := range m {
		for c, x := range r {
			s[c] += x
		}
	}
	return s
}

// apply returns a new matrix shaped like m holding f of each element.
func apply(m [][]float64, f func(float64) float64) [][]float64 {
	out := make([][]float64, len(m))
	for r, row := range m {
		out[r] = make([]float64, len(row))
		for c, x := range row {
			out[r][c] = f(x)
		}
	}
	return out
}

// zip returns a new matrix shaped like a holding f of each element of a
// and the element of b in the same place.
func zip(a, b [][]float64, f func(x, y float64) float64) [][]float64 {
	out := make([][]float64, len(a))
	for r, row := range a {
		out[r] = make([]float64, len(row))
		for c, x := range row {
			out[r][c] = f(x, b[r][c])
		}
	}
	return out
}
