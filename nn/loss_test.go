package nn_test

import (
	"math"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// vals returns new leaves of type T holding xs.
func vals[T constraints.Float](xs ...float64) []*autodiff.Value[T] {
	vs := make([]*autodiff.Value[T], len(xs))
	for i, x := range xs {
		vs[i] = autodiff.New(T(x))
	}
	return vs
}

func leaves(xs ...float64) []*autodiff.Value[float64] { return vals[float64](xs...) }

func TestMSE(t *testing.T) {
	pred := [][]*autodiff.Value[float64]{leaves(1, 2), leaves(0, -1)}
	target := [][]float64{{0, 4}, {0, -1}}
	loss := nn.MSE(pred, target)
	// ||(1, -2)||² = 5 and ||(0, 0)||² = 0, over 2 examples.
	if got, want := loss.Data(), 2.5; got != want {
		t.Errorf("MSE = %v, want %v", got, want)
	}
	loss.Backward()
	// d/dp of (1/N) (p - y)² is 2(p - y)/N.
	wants := [][]float64{{1, -2}, {0, 0}}
	for n := range pred {
		for i, p := range pred[n] {
			if got := p.Grad(); got != wants[n][i] {
				t.Errorf("grad of pred[%d][%d] = %v, want %v", n, i, got, wants[n][i])
			}
		}
	}
}

func TestHinge(t *testing.T) {
	scores := leaves(2, 0.5, -0.25, 3)
	labels := []float64{1, 1, -1, -1}
	loss := nn.Hinge(scores, labels)
	// Margins 1 - y·s: -1, 0.5, 0.75, 4; relu keeps 0.5 + 0.75 + 4.
	if got, want := loss.Data(), 5.25/4; got != want {
		t.Errorf("Hinge = %v, want %v", got, want)
	}
	loss.Backward()
	// Inside the margin d/ds is -y/N; beyond it 0.
	want := []float64{0, -0.25, 0.25, 0.25}
	for i, s := range scores {
		if got := s.Grad(); got != want[i] {
			t.Errorf("grad of score %d = %v, want %v", i, got, want[i])
		}
	}
}

func TestL2(t *testing.T) {
	ps := leaves(1, -2, 3)
	loss := nn.L2(ps, 0.5)
	if got, want := loss.Data(), 0.5*14; got != want {
		t.Errorf("L2 = %v, want %v", got, want)
	}
	loss.Backward()
	for i, p := range ps {
		if got, want := p.Grad(), 2*0.5*p.Data(); got != want {
			t.Errorf("grad of p%d = %v, want %v", i, got, want)
		}
	}
	if got := nn.L2[float64](nil, 1).Data(); got != 0 {
		t.Errorf("L2 of nothing = %v, want 0", got)
	}

	// The caller may put other Values into its slice once L2 returns.
	p, q := autodiff.New(3.0), autodiff.New(5.0)
	buf := []*autodiff.Value[float64]{p}
	loss = nn.L2(buf, 1)
	buf[0] = q
	loss.Backward()
	if p.Grad() != 6 || q.Grad() != 0 {
		t.Errorf("after the caller reused its slice: grads p %v, q %v; want 6, 0",
			p.Grad(), q.Grad())
	}
}

// TestBCEWithLogits compares with -(y log σ(z) + (1-y) log(1-σ(z))) where that
// formula is accurate, and with exact values for logits of size 1000.
func TestBCEWithLogits(t *testing.T) {
	t.Run("float64", testBCEWithLogits[float64])
	t.Run("float32", testBCEWithLogits[float32])
}

func testBCEWithLogits[T constraints.Float](t *testing.T) {
	tol := 1e-14
	if _, single := any(T(0)).(float32); single {
		tol = 1e-6
	}
	tests := []struct {
		name        string
		z, y        float64
		loss, dloss float64 // for one example; dloss = σ(z) - y
	}{
		{"zero logit", 0, 1, math.Ln2, -0.5},
		{"soft label", 0.5, 0.3, naiveBCE(0.5, 0.3), sigma(0.5) - 0.3},
		{"negative", -2, 0, naiveBCE(-2, 0), sigma(-2)},
		{"confident right", 1000, 1, 0, 0},
		{"confident wrong", 1000, 0, 1000, 1},
		{"confident right, negative", -1000, 0, 0, 0},
		{"confident wrong, negative", -1000, 1, 1000, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := vals[T](tt.z)
			loss := nn.BCEWithLogits(z, []T{T(tt.y)})
			loss.Backward()
			got, grad := float64(loss.Data()), float64(z[0].Grad())
			if math.Abs(got-tt.loss) > tol*max(1, math.Abs(tt.loss)) {
				t.Errorf("loss = %v, want %v", got, tt.loss)
			}
			if math.Abs(grad-tt.dloss) > tol {
				t.Errorf("gradient = %v, want %v", grad, tt.dloss)
			}
		})
	}
}

func sigma(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func naiveBCE(z, y float64) float64 {
	return -(y*math.Log(sigma(z)) + (1-y)*math.Log(1-sigma(z)))
}

func TestSoftmaxCrossEntropy(t *testing.T) {
	t.Run("float64", testSoftmaxCrossEntropy[float64])
	t.Run("float32", testSoftmaxCrossEntropy[float32])
}

func testSoftmaxCrossEntropy[T constraints.Float](t *testing.T) {
	tol := 1e-13
	if _, single := any(T(0)).(float32); single {
		tol = 1e-4 // log-sum-exp of 1000 is rounded to float32's ulp there
	}
	tests := []struct {
		name   string
		logits []float64
		class  int
		loss   float64
		grad   []float64 // softmax minus one-hot
	}{
		{"uniform", []float64{0, 0, 0, 0}, 2, math.Log(4),
			[]float64{0.25, 0.25, -0.75, 0.25}},
		{"small", []float64{1, 2, 3}, 0, math.Log(math.Exp(1)+math.Exp(2)+math.Exp(3)) - 1,
			softmaxMinus([]float64{1, 2, 3}, 0)},
		{"large right", []float64{1000, -1000, 0}, 0, 0, []float64{0, 0, 0}},
		{"large wrong", []float64{1000, -1000, 0}, 1, 2000, []float64{1, -1, 0}},
		{"large middle", []float64{1000, -1000, 0}, 2, 1000, []float64{1, 0, -1}},
		{"large tie", []float64{1000, 1000}, 1, math.Ln2, []float64{0.5, -0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := vals[T](tt.logits...)
			loss := nn.SoftmaxCrossEntropy([][]*autodiff.Value[T]{z}, []int{tt.class})
			loss.Backward()
			if got := float64(loss.Data()); math.Abs(got-tt.loss) > tol*max(1, tt.loss) {
				t.Errorf("loss = %v, want %v", got, tt.loss)
			}
			for i, v := range z {
				if got := float64(v.Grad()); math.Abs(got-tt.grad[i]) > tol {
					t.Errorf("gradient of logit %d = %v, want %v", i, got, tt.grad[i])
				}
			}
		})
	}
}

// softmaxMinus returns softmax(z) minus the one-hot vector of class c.
func softmaxMinus(z []float64, c int) []float64 {
	s := 0.0
	for _, x := range z {
		s += math.Exp(x)
	}
	g := make([]float64, len(z))
	for i, x := range z {
		g[i] = math.Exp(x) / s
	}
	g[c]--
	return g
}

// TestLossesAverage checks that each loss is the mean over examples: a batch
// of the same example twice costs what the example alone costs.
func TestLossesAverage(t *testing.T) {
	tests := []struct {
		name string
		loss func(n int) *autodiff.Value[float64]
	}{
		{"MSE", func(n int) *autodiff.Value[float64] {
			p := make([][]*autodiff.Value[float64], n)
			y := make([][]float64, n)
			for i := range p {
				p[i], y[i] = leaves(0.3, -1), []float64{1, 1}
			}
			return nn.MSE(p, y)
		}},
		{"Hinge", func(n int) *autodiff.Value[float64] {
			s, y := make([]*autodiff.Value[float64], n), make([]float64, n)
			for i := range s {
				s[i], y[i] = autodiff.New(0.3), -1
			}
			return nn.Hinge(s, y)
		}},
		{"BCEWithLogits", func(n int) *autodiff.Value[float64] {
			s, y := make([]*autodiff.Value[float64], n), make([]float64, n)
			for i := range s {
				s[i], y[i] = autodiff.New(0.3), 1
			}
			return nn.BCEWithLogits(s, y)
		}},
		{"SoftmaxCrossEntropy", func(n int) *autodiff.Value[float64] {
			z, c := make([][]*autodiff.Value[float64], n), make([]int, n)
			for i := range z {
				z[i], c[i] = leaves(0.3, 2, -1), 2
			}
			return nn.SoftmaxCrossEntropy(z, c)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			one, three := tt.loss(1).Data(), tt.loss(3).Data()
			if math.Abs(one-three) > 1e-15*math.Abs(one) || one == 0 {
				t.Errorf("loss of 1 example %v, of 3 copies %v; want equal and nonzero",
					one, three)
			}
		})
	}
}

func TestLossPanics(t *testing.T) {
	type V = autodiff.Value[float64]
	tests := []struct {
		name, want string
		f          func()
	}{
		{"MSE empty", "MSE of no examples", func() { nn.MSE[float64](nil, nil) }},
		{"MSE lengths", "MSE of 2 predictions and 1 targets", func() {
			nn.MSE([][]*V{leaves(1), leaves(2)}, [][]float64{{1}})
		}},
		{"MSE widths", "example 0: 2 outputs, 1 targets", func() {
			nn.MSE([][]*V{leaves(1, 2)}, [][]float64{{1}})
		}},
		{"Hinge empty", "Hinge of no examples", func() { nn.Hinge[float64](nil, nil) }},
		{"Hinge lengths", "1 predictions and 2 targets", func() {
			nn.Hinge(leaves(1), []float64{1, -1})
		}},
		{"BCE label", "label 0 is 2, outside [0, 1]", func() {
			nn.BCEWithLogits(leaves(1), []float64{2})
		}},
		{"BCE NaN label", "outside [0, 1]", func() {
			nn.BCEWithLogits(leaves(1), []float64{math.NaN()})
		}},
		{"softmax class", "class 3 of example 0, with 3 logits", func() {
			nn.SoftmaxCrossEntropy([][]*V{leaves(1, 2, 3)}, []int{3})
		}},
		{"softmax negative class", "class -1", func() {
			nn.SoftmaxCrossEntropy([][]*V{leaves(1, 2, 3)}, []int{-1})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

// TestLossesInWarmGraphAllocateNothing checks that a loss of predictions in
// a reused Graph puts its targets' constants and its nodes in that Graph.
func TestLossesInWarmGraphAllocateNothing(t *testing.T) {
	type V = autodiff.Value[float64]
	g := autodiff.NewGraph[float64]()
	pred := make([]*V, 2)
	tests := []struct {
		name string
		loss func() *V
	}{
		{"MSE", func() *V { return nn.MSE([][]*V{pred}, [][]float64{{1, -1}}) }},
		{"Hinge", func() *V { return nn.Hinge(pred, []float64{1, -1}) }},
		{"BCEWithLogits", func() *V { return nn.BCEWithLogits(pred, []float64{1, 0.25}) }},
		{"SoftmaxCrossEntropy", func() *V {
			return nn.SoftmaxCrossEntropy([][]*V{pred}, []int{1})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step := func() {
				g.Reset()
				pred[0], pred[1] = g.New(0.5), g.New(-2)
				tt.loss().Backward()
			}
			step() // the first step grows the Graph
			if n := testing.AllocsPerRun(20, step); n != 0 {
				t.Errorf("in a warm Graph: %v allocations, want 0", n)
			}
		})
	}
}
