package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// V64 and chunkLoss shorten the signatures of Parallel's loss functions.
type (
	V64       = autodiff.Value[float64]
	chunkLoss = func(m *nn.MLP[float64], g *autodiff.Graph[float64], lo, hi int) *V64
)

// hingeChunk is the moons hinge loss of examples lo to hi-1 as their share
// of the mean over all of x: the part of W1's loss that Parallel splits.
func hingeChunk(x [][]float64, y []float64) chunkLoss {
	return func(m *nn.MLP[float64], g *autodiff.Graph[float64], lo, hi int) *V64 {
		scores := g.Values(hi - lo)
		for i := lo; i < hi; i++ {
			in := g.Values(2)
			in[0], in[1] = g.Const(x[i][0]), g.Const(x[i][1])
			scores[i-lo] = m.Forward(in)[0]
		}
		share := g.Const(float64(hi-lo) / float64(len(x)))
		return nn.Hinge(scores, y[lo:hi]).Mul(share)
	}
}

// TestParallelSameForAnyWorkers checks that the gradients and the loss do
// not depend on the number of workers, to the bit, and that they are those
// of the whole batch in one graph.
func TestParallelSameForAnyWorkers(t *testing.T) {
	x, y, m := moonsTask()
	params := m.Parameters()

	// The whole batch in one graph, for reference.
	scores := make([]*autodiff.Value[float64], len(x))
	for i, xi := range x {
		scores[i] = m.Forward([]*autodiff.Value[float64]{autodiff.Const(xi[0]),
			autodiff.Const(xi[1])})[0]
	}
	whole := nn.Hinge(scores, y)
	whole.Backward()
	want := make([]float64, len(params))
	for i, p := range params {
		want[i] = p.Grad()
	}

	var first []float64
	for _, workers := range []int{1, 2, 3, 7} {
		m.ZeroGrad()
		p := nn.NewParallel(m, workers, 8)
		loss := p.Backward(len(x), hingeChunk(x, y))
		if math.Abs(loss-whole.Data()) > 1e-12 {
			t.Errorf("%d workers: loss %v, want %v", workers, loss, whole.Data())
		}
		got := make([]float64, len(params))
		for i, q := range params {
			got[i] = q.Grad()
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Errorf("%d workers, parameter %s: gradient %v, want %v",
					workers, q.Label(), got[i], want[i])
			}
		}
		if first == nil {
			first = got
			continue
		}
		for i := range got {
			if got[i] != first[i] {
				t.Errorf("%d workers, parameter %d: gradient %v, with 1 worker %v",
					workers, i, got[i], first[i])
			}
		}
	}
}

// TestParallelAccumulates checks that Backward adds to the gradients, as
// autodiff's Backward does for leaves, and follows the model's data.
func TestParallelAccumulates(t *testing.T) {
	x, y, m := moonsTask()
	p := nn.NewParallel(m, 2, 16)
	p.Backward(len(x), hingeChunk(x, y))
	once := m.Parameters()[0].Grad()
	p.Backward(len(x), hingeChunk(x, y))
	if twice := m.Parameters()[0].Grad(); twice != 2*once {
		t.Errorf("after two Backwards: %v, want twice %v", twice, once)
	}

	// A step of SGD must reach the workers' copies on the next call.
	m.ZeroGrad()
	before := p.Backward(len(x), hingeChunk(x, y))
	nn.NewSGD(m.Parameters(), nn.Constant(0.5)).Step()
	m.ZeroGrad()
	if after := p.Backward(len(x), hingeChunk(x, y)); after >= before {
		t.Errorf("loss after a step: %v, want below %v", after, before)
	}
}

func TestNewParallelPanics(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{1})
	mustPanic(t, "0 workers", func() { nn.NewParallel(m, 0, 8) })
	mustPanic(t, "chunks of 0", func() { nn.NewParallel(m, 2, 0) })
}
