package autodiff_test

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
)

func TestInputsInOrder(t *testing.T) {
	a, b := autodiff.New(1.0), autodiff.Const(2.0)
	c := a.Sub(b)
	same := cmp.Comparer(func(x, y *autodiff.Value[float64]) bool { return x == y })
	want := []*autodiff.Value[float64]{a, b}
	if diff := cmp.Diff(want, c.Inputs(), same); diff != "" {
		t.Errorf("Inputs() mismatch (-want +got):\n%s", diff)
	}
}

// TestGraphLabelsAreOwn checks that labelling one Value of a Graph labels no
// other, though the Graph's Values share what they do not need alone.
func TestGraphLabelsAreOwn(t *testing.T) {
	g := autodiff.NewGraph[float64]()
	x, c := g.New(1), g.Const(2)
	y := x.Mul(c).Named("y")
	z := y.Add(x)
	x.Named("x")
	got := []string{x.Label(), c.Label(), y.Label(), z.Label()}
	if diff := cmp.Diff([]string{"x", "", "y", ""}, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for _, v := range []*autodiff.Value[float64]{x, c, y, z} {
		if v.Graph() != g {
			t.Errorf("%v: Graph() is not the Graph it was made in", v)
		}
	}
	if h := autodiff.New(1.0).Named("h"); h.Graph() != nil {
		t.Errorf("a heap Value has a Graph")
	}
}

// TestTwoGraphsPanic checks that every op that takes Values of two Graphs
// panics, wherever among its inputs the stranger is.
func TestTwoGraphsPanic(t *testing.T) {
	type V = autodiff.Value[float64]
	ga, gb := autodiff.NewGraph[float64](), autodiff.NewGraph[float64]()
	a, b, h := ga.New(1), gb.New(2), autodiff.New(3.0)
	bOp := b.Exp() // a result, which shares gb's header, not a leaf
	tests := []struct {
		name string
		op   func()
	}{
		{"Add", func() { a.Add(b) }},
		{"Sum", func() { autodiff.Sum(a, h, b) }},
		{"Dot", func() { autodiff.Dot([]*V{a}, []*V{b}) }},
		{"Dot, later pair", func() { autodiff.Dot([]*V{h, a, h}, []*V{h, h, b}) }},
		{"Dot, op result", func() { autodiff.Dot([]*V{h, bOp}, []*V{a, h}) }},
		{"Graph.Dot", func() { ga.Dot([]*V{h}, []*V{bOp}) }},
		{"Affine bias", func() { autodiff.Affine([]*V{a}, []*V{h}, b) }},
		{"Affine weight", func() { autodiff.Affine([]*V{h, b}, []*V{h, h}, a) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "autodiff: ") {
					t.Errorf("got panic %q, want one starting \"autodiff: \"", msg)
				}
			}()
			tt.op()
		})
	}
}

// TestSumCopies checks that Sum and LogSumExp copy their operands, so that
// the caller may put other Values into its slice at once.
func TestSumCopies(t *testing.T) {
	type V = autodiff.Value[float64]
	for _, tt := range []struct {
		name string
		op   func(...*V) *V
	}{{"Sum", autodiff.Sum[float64]}, {"LogSumExp", autodiff.LogSumExp[float64]}} {
		t.Run(tt.name, func(t *testing.T) {
			x, y := autodiff.New(2.0), autodiff.New(3.0)
			xs := []*V{x, x}
			z := tt.op(xs...)
			xs[0], xs[1] = y, y
			z.Backward()
			if x.Grad() == 0 || y.Grad() != 0 {
				t.Errorf("after the caller reused its slice: grads x %v, y %v; want x's only",
					x.Grad(), y.Grad())
			}
		})
	}
}

// TestDotKeepsSlices checks that Dot and Affine keep the caller's slices
// rather than copies: on the heap they allocate the same, whatever the
// length of the vectors.
func TestDotKeepsSlices(t *testing.T) {
	type V = autodiff.Value[float64]
	vector := func(n int) []*V {
		xs := make([]*V, n)
		for i := range xs {
			xs[i] = autodiff.New(float64(i))
		}
		return xs
	}
	b := autodiff.New(1.0)
	var got []float64
	for _, n := range []int{1, 1000} {
		x, w := vector(n), vector(n)
		got = append(got,
			testing.AllocsPerRun(10, func() { autodiff.Dot(x, w) }),
			testing.AllocsPerRun(10, func() { autodiff.Affine(w, x, b) }))
	}
	// The result and its header, for Dot and for Affine, at each length.
	if diff := cmp.Diff([]float64{2, 2, 2, 2}, got); diff != "" {
		t.Errorf("allocations of Dot and Affine of 1 and 1000 pairs (-want +got):\n%s", diff)
	}
}

// TestSizes checks the sizes that the documents of Value and of the package
// give.
func TestSizes(t *testing.T) {
	got := []uintptr{unsafe.Sizeof(autodiff.Value[float64]{}),
		unsafe.Sizeof(autodiff.Value[float32]{}),
		autodiff.HeaderSize[float64](), autodiff.HeaderSize[float32]()}
	if diff := cmp.Diff([]uintptr{48, 40, 88, 88}, got); diff != "" {
		t.Errorf("sizes of Value[float64], Value[float32] and their headers (-want +got):\n%s",
			diff)
	}
}
