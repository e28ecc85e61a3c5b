package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// trainer runs full-batch training steps of m on the inputs x, building each
// step's graph in one reused autodiff.Graph.
type trainer[T constraints.Float] struct {
	m   *nn.MLP[T]
	opt nn.Optimizer
	g   *autodiff.Graph[T]
	x   [][]T
	in  []*autodiff.Value[T]
	out [][]*autodiff.Value[T]
}

func newTrainer[T constraints.Float](m *nn.MLP[T], opt nn.Optimizer, x [][]T) *trainer[T] {
	return &trainer[T]{m: m, opt: opt, g: autodiff.NewGraph[T](), x: x,
		out: make([][]*autodiff.Value[T], len(x))}
}

// step runs the network on every example, computes loss from the outputs,
// takes one optimizer step and returns the loss before the step.
func (tr *trainer[T]) step(loss func(out [][]*autodiff.Value[T]) *autodiff.Value[T]) T {
	tr.g.Reset()
	for i, xi := range tr.x {
		tr.in = tr.in[:0]
		for _, v := range xi {
			tr.in = append(tr.in, tr.g.Const(v))
		}
		tr.out[i] = tr.m.Forward(tr.in)
	}
	l := loss(tr.out)
	tr.opt.ZeroGrad()
	l.Backward()
	tr.opt.Step()
	return l.Data()
}

func firsts[T constraints.Float](out [][]*autodiff.Value[T]) []*autodiff.Value[T] {
	s := make([]*autodiff.Value[T], len(out))
	for i, o := range out {
		s[i] = o[0]
	}
	return s
}

func TestXOR(t *testing.T) {
	t.Run("float64", testXOR[float64])
	t.Run("float32", testXOR[float32])
}

// testXOR trains a 2-4-1 network on XOR with the squared error until every
// output is within 0.1 of its target 0 or 1.
func testXOR[T constraints.Float](t *testing.T) {
	x := [][]T{{0, 0}, {0, 1}, {1, 0}, {1, 1}}
	y := [][]T{{0}, {1}, {1}, {0}}
	m := nn.NewMLP[T](rand.New(rand.NewPCG(1, 2)), 2, []int{4, 1}, nn.WithHidden(nn.Tanh))
	tr := newTrainer(m, nn.NewAdam(m.Parameters(), nn.Constant(0.05)), x)
	for range 300 {
		tr.step(func(out [][]*autodiff.Value[T]) *autodiff.Value[T] { return nn.MSE(out, y) })
	}
	for i, xi := range x {
		got := m.Predict(xi)[0]
		if math.Abs(float64(got-y[i][0])) > 0.1 {
			t.Errorf("XOR%v = %.3f, want %v ± 0.1", xi, got, y[i][0])
		}
	}
}

func TestMoons(t *testing.T) {
	t.Run("float64", func(t *testing.T) { t.Parallel(); testMoons[float64](t) })
	t.Run("float32", func(t *testing.T) { t.Parallel(); testMoons[float32](t) })
}

// microgradMoons returns micrograd's moons task: the data, a 2-16-16-1
// ReLU network, a trainer with SGD at 1.0 - 0.9·k/100, and the hinge loss
// plus 1e-4 L2.
func microgradMoons[T constraints.Float]() (x [][]T, y []T, m *nn.MLP[T], tr *trainer[T],
	loss func(out [][]*autodiff.Value[T]) *autodiff.Value[T]) {
	rng := rand.New(rand.NewPCG(1, 0))
	x, y = nn.MakeMoons[T](rng, 100, 0.1)
	m = nn.NewMLP[T](rng, 2, []int{16, 16, 1})
	params := m.Parameters()
	tr = newTrainer(m, nn.NewSGD(params, nn.LinearDecay(1.0, 0.1, 100)), x)
	loss = func(out [][]*autodiff.Value[T]) *autodiff.Value[T] {
		return nn.Hinge(firsts(out), y).Add(nn.L2(params, 1e-4))
	}
	return x, y, m, tr, loss
}

// testMoons follows micrograd's demo: 100 noisy moon points, a 2-16-16-1
// ReLU network, the hinge loss plus 1e-4 L2, and up to 100 steps of SGD at
// 1.0 - 0.9·k/100. It stops at the first step whose network classifies every
// training point, which must come.
func testMoons[T constraints.Float](t *testing.T) {
	x, y, m, tr, loss := microgradMoons[T]()
	wrong := func() int {
		n := 0
		for i, xi := range x {
			if (m.Predict(xi)[0] > 0) != (y[i] > 0) {
				n++
			}
		}
		return n
	}
	first := tr.step(loss)
	var last T
	steps := 1
	for ; wrong() > 0 && steps < 100; steps++ {
		last = tr.step(loss)
	}
	if n := wrong(); n > 0 {
		t.Fatalf("after %d steps %d of %d training points misclassified, want 0",
			steps, n, len(x))
	}
	if !(last < first/10) {
		t.Errorf("loss went from %v to %v, want a tenfold drop", first, last)
	}
	t.Logf("every point right after %d steps; loss %v", steps, last)
}

func TestRegression(t *testing.T) {
	t.Run("float64", func(t *testing.T) { t.Parallel(); testRegression[float64](t) })
	t.Run("float32", func(t *testing.T) { t.Parallel(); testRegression[float32](t) })
}

// testRegression fits sin(πx) on [-1, 1] with a 1-16-1 tanh network and
// checks the fit at points between the training points.
func testRegression[T constraints.Float](t *testing.T) {
	const n = 21
	x, y := make([][]T, n), make([][]T, n)
	for i := range x {
		xi := -1 + 2*float64(i)/(n-1)
		x[i], y[i] = []T{T(xi)}, []T{T(math.Sin(math.Pi * xi))}
	}
	m := nn.NewMLP[T](rand.New(rand.NewPCG(5, 6)), 1, []int{16, 1},
		nn.WithHidden(nn.Tanh), nn.WithInit(nn.InitXavier))
	tr := newTrainer(m, nn.NewAdam(m.Parameters(), nn.Constant(0.02)), x)
	var loss T
	for range 800 {
		loss = tr.step(func(out [][]*autodiff.Value[T]) *autodiff.Value[T] {
			return nn.MSE(out, y)
		})
	}
	if loss > 1e-3 {
		t.Errorf("training MSE %v, want below 1e-3", loss)
	}
	for _, xi := range []float64{-0.95, -0.525, -0.05, 0.33, 0.77} {
		got, want := float64(m.Predict([]T{T(xi)})[0]), math.Sin(math.Pi*xi)
		if math.Abs(got-want) > 0.1 {
			t.Errorf("f(%v) = %.3f, want %.3f ± 0.1", xi, got, want)
		}
	}
}

// TestSoftmaxClassifier trains three-class softmax regression-like network
// on three separated blobs with the softmax cross-entropy.
func TestSoftmaxClassifier(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	centres := [][2]float64{{0, 2}, {-2, -1}, {2, -1}}
	var x [][]float64
	var classes []int
	for i := range 60 {
		c := i % 3
		x = append(x, []float64{centres[c][0] + 0.5*rng.NormFloat64(),
			centres[c][1] + 0.5*rng.NormFloat64()})
		classes = append(classes, c)
	}
	m := nn.NewMLP[float64](rng, 2, []int{8, 3}, nn.WithInit(nn.InitHe))
	tr := newTrainer(m, nn.NewAdam(m.Parameters(), nn.Constant(0.05)), x)
	for range 100 {
		tr.step(func(out [][]*autodiff.Value[float64]) *autodiff.Value[float64] {
			return nn.SoftmaxCrossEntropy(out, classes)
		})
	}
	wrong := 0
	for i, xi := range x {
		p := m.Predict(xi)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if best != classes[i] {
			wrong++
		}
	}
	if wrong > 1 {
		t.Errorf("%d of %d points misclassified, want at most 1", wrong, len(x))
	}
}
