package nn_test

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// BenchmarkTrainMoons measures one full-batch step of micrograd's demo: 100
// points through a 2-16-16-1 network, hinge loss plus L2, Backward and SGD,
// with the graph in a reused autodiff.Graph.
func BenchmarkTrainMoons(b *testing.B) {
	b.Run("float64", benchmarkTrainMoons[float64])
	b.Run("float32", benchmarkTrainMoons[float32])
}

func benchmarkTrainMoons[T constraints.Float](b *testing.B) {
	_, _, _, tr, loss := microgradMoons[T]()
	b.ReportAllocs()
	for b.Loop() {
		tr.step(loss)
	}
}

// BenchmarkForward measures one example through a 2-16-16-1 network, in a
// reused Graph.
func BenchmarkForward(b *testing.B) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 0)), 2, []int{16, 16, 1})
	g := autodiff.NewGraph[float64]()
	in := make([]*autodiff.Value[float64], 2)
	b.ReportAllocs()
	for b.Loop() {
		g.Reset()
		in[0], in[1] = g.Const(0.5), g.Const(-0.25)
		m.Forward(in)
	}
}

// BenchmarkOptimizerStep measures one update of the 337 parameters of a
// 2-16-16-1 network.
func BenchmarkOptimizerStep(b *testing.B) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 0)), 2, []int{16, 16, 1})
	sgd := nn.NewSGD(m.Parameters(), nn.Constant(0.01))
	sgd.Momentum = 0.9
	for _, bm := range []struct {
		name string
		opt  nn.Optimizer
	}{
		{"SGD", sgd},
		{"Adam", nn.NewAdam(m.Parameters(), nn.Constant(0.01))},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bm.opt.Step()
			}
		})
	}
}
