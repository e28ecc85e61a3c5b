package nn_test

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// bind makes the leaves x the parameters of m, in the order of
// m.Parameters(), and labels them as m's own, so that a function of x can
// run m.
func bind[T constraints.Float](m *nn.MLP[T], labels []string, x []*autodiff.Value[T]) {
	k := 0
	next := func() *autodiff.Value[T] {
		v := x[k].Named(labels[k])
		k++
		return v
	}
	for _, l := range m.Layers {
		for _, n := range l.Neurons {
			for i := range n.W {
				n.W[i] = next()
			}
			n.B = next()
		}
	}
}

// lossCase is a loss of a small network over a small batch.
type lossCase[T constraints.Float] struct {
	name  string
	nout  int
	acts  []nn.Activation // hidden, then output
	batch func(m *nn.MLP[T], x [][]T) *autodiff.Value[T]
}

func lossCases[T constraints.Float]() []lossCase[T] {
	forward := func(m *nn.MLP[T], x [][]T) [][]*autodiff.Value[T] {
		out := make([][]*autodiff.Value[T], len(x))
		for i, xi := range x {
			in := make([]*autodiff.Value[T], len(xi))
			for j, v := range xi {
				in[j] = autodiff.Const(v)
			}
			out[i] = m.Forward(in)
		}
		return out
	}
	return []lossCase[T]{
		{"MSE", 2, []nn.Activation{nn.Tanh, nn.Linear},
			func(m *nn.MLP[T], x [][]T) *autodiff.Value[T] {
				return nn.MSE(forward(m, x), [][]T{{0.5, -1}, {2, 0}, {-0.3, 0.1}})
			}},
		{"Hinge", 1, []nn.Activation{nn.Sigmoid, nn.Linear},
			func(m *nn.MLP[T], x [][]T) *autodiff.Value[T] {
				// Scales the scores so that every example is inside the margin.
				s := firsts(forward(m, x))
				for i := range s {
					s[i] = s[i].Mul(autodiff.Const[T](0.1))
				}
				return nn.Hinge(s, []T{1, -1, 1})
			}},
		{"BCEWithLogits", 1, []nn.Activation{nn.Softplus, nn.Tanh},
			func(m *nn.MLP[T], x [][]T) *autodiff.Value[T] {
				return nn.BCEWithLogits(firsts(forward(m, x)), []T{1, 0, 0.25})
			}},
		{"SoftmaxCrossEntropy", 3, []nn.Activation{nn.LeakyReLU, nn.Linear},
			func(m *nn.MLP[T], x [][]T) *autodiff.Value[T] {
				return nn.SoftmaxCrossEntropy(forward(m, x), []int{2, 0, 1})
			}},
		{"L2", 1, []nn.Activation{nn.ReLU, nn.Sigmoid},
			func(m *nn.MLP[T], x [][]T) *autodiff.Value[T] {
				return nn.L2(m.Parameters(), 0.01)
			}},
		{"MSE+L2", 1, []nn.Activation{nn.ReLU, nn.Linear},
			func(m *nn.MLP[T], x [][]T) *autodiff.Value[T] {
				mse := nn.MSE(forward(m, x), [][]T{{1}, {-1}, {0.5}})
				return mse.Add(nn.L2(m.Parameters(), 1e-2))
			}},
	}
}

// TestGradientsOfLosses checks, with finite differences, the gradient of
// every parameter of a 2-4-k network under every loss and every activation.
func TestGradientsOfLosses(t *testing.T) {
	t.Run("float64", testGradientsOfLosses[float64])
	t.Run("float32", testGradientsOfLosses[float32])
}

func testGradientsOfLosses[T constraints.Float](t *testing.T) {
	x := [][]T{{0.5, -1.5}, {1, 0.25}, {-0.75, 0.8}}
	for _, tc := range lossCases[T]() {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			m := nn.NewMLP[T](rng, 2, []int{4, tc.nout}, nn.WithActivations(tc.acts...))
			labels := labelsOf(m)
			p0 := m.ParameterData()
			f := func(ps []*autodiff.Value[T]) *autodiff.Value[T] {
				bind(m, labels, ps)
				return tc.batch(m, x)
			}
			if err := autodiff.CheckGradient(f, p0, autodiff.Tolerance{}); err != nil {
				t.Error(err)
			}

			// A check that every gradient is zero would pass without meaning.
			ps := make([]*autodiff.Value[T], len(p0))
			for i, v := range p0 {
				ps[i] = autodiff.New(v)
			}
			f(ps).Backward()
			nonzero := 0
			for _, p := range ps {
				if p.Grad() != 0 {
					nonzero++
				}
			}
			if nonzero < len(ps)/2 {
				t.Errorf("only %d of %d gradients are nonzero", nonzero, len(ps))
			}
		})
	}
}
