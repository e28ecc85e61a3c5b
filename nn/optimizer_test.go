package nn_test

import (
	"encoding/json"
	"math"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// setGrads gives each parameter the gradient g[i], through Backward of
// Σ g[i]·p[i], after zeroing the old ones.
func setGrads[T constraints.Float](ps []*autodiff.Value[T], g []T) {
	terms := make([]*autodiff.Value[T], len(ps))
	for i, p := range ps {
		p.ZeroGrad()
		terms[i] = p.Mul(autodiff.Const(g[i]))
	}
	autodiff.Sum(terms...).Backward()
}

func data[T constraints.Float](ps []*autodiff.Value[T]) []float64 {
	d := make([]float64, len(ps))
	for i, p := range ps {
		d[i] = float64(p.Data())
	}
	return d
}

// TestOptimizersMinimize runs each optimizer on (p - 3)² + (q + 1)² in both
// float types and checks it lands on (3, -1).
func TestOptimizersMinimize(t *testing.T) {
	t.Run("float64", testOptimizersMinimize[float64])
	t.Run("float32", testOptimizersMinimize[float32])
}

func testOptimizersMinimize[T constraints.Float](t *testing.T) {
	tests := []struct {
		name string
		make func(ps []*autodiff.Value[T]) nn.Optimizer
	}{
		{"SGD", func(ps []*autodiff.Value[T]) nn.Optimizer {
			return nn.NewSGD(ps, nn.Constant(0.1))
		}},
		{"momentum", func(ps []*autodiff.Value[T]) nn.Optimizer {
			o := nn.NewSGD(ps, nn.Constant(0.05))
			o.Momentum = 0.5
			return o
		}},
		{"Adam", func(ps []*autodiff.Value[T]) nn.Optimizer {
			return nn.NewAdam(ps, nn.ExponentialDecay(0.5, 0.98))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := vals[T](0, 0)
			o := tt.make(ps)
			target := []T{3, -1}
			for range 300 {
				d := make([]*autodiff.Value[T], 2)
				for i, p := range ps {
					d[i] = p.Sub(autodiff.Const(target[i]))
				}
				o.ZeroGrad()
				autodiff.Dot(d, d).Backward()
				o.Step()
			}
			for i, got := range data(ps) {
				if math.Abs(got-float64(target[i])) > 1e-3 {
					t.Errorf("p%d = %v, want %v", i, got, target[i])
				}
			}
		})
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	ps := leaves(1, 2, 3, 4)
	sgd := nn.NewSGD(ps, nn.Constant(0.1))
	sgd.Momentum = 0.9
	adam := nn.NewAdam(ps, nn.LinearDecay(0.1, 0.01, 10))
	for name, step := range map[string]func(){"SGD": sgd.Step, "Adam": adam.Step} {
		if n := testing.AllocsPerRun(100, step); n != 0 {
			t.Errorf("%s.Step allocates %v times, want 0", name, n)
		}
	}
}

// TestOptimizerStateRoundTrip saves an optimizer part way, restores it into
// a fresh one over copies of the parameters, and checks that both then take
// bit for bit the same steps.
func TestOptimizerStateRoundTrip(t *testing.T) {
	type opt interface {
		nn.Optimizer
		json.Marshaler
		json.Unmarshaler
	}
	tests := []struct {
		name string
		make func(ps []*autodiff.Value[float64]) opt
	}{
		{"SGD", func(ps []*autodiff.Value[float64]) opt {
			o := nn.NewSGD(ps, nn.LinearDecay(0.1, 0.01, 10))
			o.Momentum = 0.9
			return o
		}},
		{"Adam", func(ps []*autodiff.Value[float64]) opt {
			o := nn.NewAdam(ps, nn.LinearDecay(0.1, 0.01, 10))
			o.Beta2 = 0.99
			return o
		}},
	}
	grads := [][]float64{{0.3, -1.7, 1e-9}, {0.1, 2.5, -3}, {1.1, 0, 0.25}, {-2, 0.7, 0.1}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := leaves(1, -1, 0.5)
			oa := tt.make(a)
			for _, g := range grads[:2] {
				setGrads(a, g)
				oa.Step()
			}
			saved, err := json.Marshal(oa)
			if err != nil {
				t.Fatal(err)
			}
			b := leaves(data(a)...)
			ob := tt.make(b)
			if err := json.Unmarshal(saved, ob); err != nil {
				t.Fatal(err)
			}
			if ob.Steps() != 2 {
				t.Errorf("restored Steps() = %d, want 2", ob.Steps())
			}
			for _, g := range grads[2:] {
				setGrads(a, g)
				setGrads(b, g)
				oa.Step()
				ob.Step()
			}
			for i := range a {
				if x, y := a[i].Data(), b[i].Data(); math.Float64bits(x) != math.Float64bits(y) {
					t.Errorf("p%d: %v without the round trip, %v with it", i, x, y)
				}
			}

			// A state for another number of parameters is refused, and
			// changes nothing.
			oc := tt.make(leaves(1, 2))
			if err := json.Unmarshal(saved, oc); err == nil {
				t.Error("state of 3 parameters restored into an optimizer of 2")
			}
			if oc.Steps() != 0 {
				t.Errorf("failed restore set Steps() to %d", oc.Steps())
			}
		})
	}
}

func TestOptimizerStateNonFinite(t *testing.T) {
	ps := leaves(1)
	o := nn.NewAdam(ps, nn.Constant(0.1))
	setGrads(ps, []float64{math.Inf(1)})
	o.Step()
	if _, err := json.Marshal(o); err == nil {
		t.Error("Adam state with an infinite moment was marshalled")
	}
}
