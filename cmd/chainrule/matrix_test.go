package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// batchLoss is (1/N) Σ ||ŷ - y||² over ss for the example's network with
// weights w and biases b, written out neuron by neuron: an independent
// check on matrixForm's matrices.
func batchLoss(ss []student, w [][][]float64, b [][]float64) float64 {
	loss := 0.0
	for _, s := range ss {
		var a [2]float64
		for j := range 2 {
			z := b[0][j]
			for i := range 3 {
				z += w[0][j][i] * s.x[i]
			}
			a[j] = math.Max(z, 0)
		}
		for k := range 2 {
			yhat := b[1][k] + w[1][k][0]*a[0] + w[1][k][1]*a[1]
			loss += (yhat - s.y[k]) * (yhat - s.y[k])
		}
	}
	return loss / float64(len(ss))
}

// TestMatrixFormGradients checks every gradient of the matrix form against
// central differences of batchLoss, one parameter at a time. The network
// is piecewise linear and no z sits near 0, so the differences are exact
// up to rounding.
func TestMatrixFormGradients(t *testing.T) {
	const h, tol = 1e-6, 1e-7
	ss := students()
	w, b := startWeights()
	bp := matrixForm(ss, w, b)
	if got, want := bp.loss, batchLoss(ss, w, b); math.Abs(got-want) > 1e-15 {
		t.Errorf("loss %v, want %v", got, want)
	}
	diff := func(p *float64) float64 {
		keep := *p
		*p = keep + h
		up := batchLoss(ss, w, b)
		*p = keep - h
		down := batchLoss(ss, w, b)
		*p = keep
		return (up - down) / (2 * h)
	}
	dw := [][][]float64{bp.dw1, bp.dw2}
	db := [][]float64{bp.db1, bp.db2}
	for l := range w {
		for j := range w[l] {
			for i := range w[l][j] {
				if fd := diff(&w[l][j][i]); math.Abs(fd-dw[l][j][i]) > tol {
					t.Errorf("dW(%d)[%d][%d] = %v, finite differences %v", l+1, j, i,
						dw[l][j][i], fd)
				}
			}
			if fd := diff(&b[l][j]); math.Abs(fd-db[l][j]) > tol {
				t.Errorf("db(%d)[%d] = %v, finite differences %v", l+1, j, db[l][j], fd)
			}
		}
	}
}

// TestMatrixFormReLU checks that the batch does exercise ReLU's zero
// derivative: student 3's first hidden neuron is off.
func TestMatrixFormReLU(t *testing.T) {
	w, b := startWeights()
	bp := matrixForm(students(), w, b)
	want := [][]float64{{1, 1}, {1, 1}, {0, 1}, {1, 1}}
	if d := cmp.Diff(want, bp.relu1); d != "" {
		t.Errorf("relu'(Z(1)) (-want +got):\n%s", d)
	}
	if bp.dz1[2][0] != 0 {
		t.Errorf("dZ(1) of student 3, neuron 1 = %v, want 0", bp.dz1[2][0])
	}
}

func TestMatrixProducts(t *testing.T) {
	a := [][]float64{{1, 2}, {3, 4}, {5, 6}} // 3×2
	b := [][]float64{{1, 0}, {2, 1}}         // 2×2
	tests := []struct {
		name      string
		got, want [][]float64
	}{
		{"a b", mul(a, b), [][]float64{{5, 2}, {11, 4}, {17, 6}}},
		{"a bᵀ", mul(a, transpose(b)), [][]float64{{1, 4}, {3, 10}, {5, 16}}},
		{"aᵀ a", mul(transpose(a), a), [][]float64{{35, 44}, {44, 56}}},
		{"add row", addRow([][]float64{{1, 2}, {3, 4}}, []float64{10, 20}),
			[][]float64{{11, 22}, {13, 24}}},
		{"column sums", [][]float64{colSums(a)}, [][]float64{{9, 12}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, tt.got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestWriteMatrixForm(t *testing.T) {
	var b bytes.Buffer
	writeMatrixForm(&b)
	text := b.String()
	for _, want := range []string{
		"All 14 gradients agree to within 1e-12 ✓",
		"dW(1) = dZ(1)ᵀ X",
		"dA(1) = dZ(2) W(2)",
		"dZ(1) = dA(1) ⊙ relu'(Z(1))",
		"db(2) = column sums of dZ(2)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the matrix form lacks %q", want)
		}
	}
}
