package autodiff_test

import (
	"fmt"

	"github.com/chainrule/chainrule/autodiff"
)

func ExampleNew() {
	x := autodiff.New(3.0).Named("x")
	y := x.Mul(x) // y = x²
	y.Backward()
	fmt.Println(x)
	// Output: x: data 3, grad 6
}

func ExampleConst() {
	x := autodiff.New(2.0)
	c := autodiff.Const(5.0)
	x.Mul(c).Backward()
	fmt.Println(x.Grad(), c.Grad())
	// Output: 5 0
}

func ExampleValue_Backward() {
	// A neuron: y = tanh(w·x + b).
	w, x, b := autodiff.New(-0.5), autodiff.New(2.0), autodiff.New(0.25)
	y := w.Mul(x).Add(b).Tanh()
	y.Backward()
	fmt.Printf("y = %.4f\n", y.Data())
	fmt.Printf("dy/dw = %.4f, dy/dx = %.4f, dy/db = %.4f\n", w.Grad(), x.Grad(), b.Grad())

	// Leaves accumulate across calls; ZeroGrad starts them afresh.
	y.Backward()
	fmt.Printf("after a second Backward: dy/db = %.4f\n", b.Grad())
	// Output:
	// y = -0.6351
	// dy/dw = 1.1932, dy/dx = -0.2983, dy/db = 0.5966
	// after a second Backward: dy/db = 1.1932
}

func ExampleValue_Add() {
	a, b := autodiff.New(1.5), autodiff.New(2.5)
	c := a.Add(b)
	c.Backward()
	fmt.Println(c.Data(), a.Grad(), b.Grad())
	// Output: 4 1 1
}

func ExampleValue_Mul() {
	a, b := autodiff.New(3.0), autodiff.New(-2.0)
	c := a.Mul(b)
	c.Backward()
	fmt.Println(c.Data(), a.Grad(), b.Grad())
	// Output: -6 -2 3
}

func ExampleValue_Pow() {
	x := autodiff.New(2.0)
	y := x.Pow(autodiff.Const(3.0)) // d/dx x³ = 3x²
	y.Backward()
	fmt.Println(y.Data(), x.Grad())
	// Output: 8 12
}

func ExampleValue_ReLU() {
	for _, v := range []float64{-1, 0, 2} {
		x := autodiff.New(v)
		y := x.ReLU()
		y.Backward()
		fmt.Printf("relu(%v) = %v, slope %v\n", v, y.Data(), x.Grad())
	}
	// Output:
	// relu(-1) = 0, slope 0
	// relu(0) = 0, slope 0
	// relu(2) = 2, slope 1
}

func ExampleValue_Sigmoid() {
	x := autodiff.New(0.0)
	y := x.Sigmoid()
	y.Backward()
	fmt.Println(y.Data(), x.Grad())
	// Output: 0.5 0.25
}

func ExampleSum() {
	xs := []*autodiff.Value[float64]{autodiff.New(1.0), autodiff.New(2.0), autodiff.New(3.0)}
	s := autodiff.Sum(xs...) // one node with three inputs
	s.Backward()
	fmt.Println(s.Data(), len(s.Inputs()), xs[1].Grad())
	// Output: 6 3 1
}

func ExampleDot() {
	w := []*autodiff.Value[float64]{autodiff.New(0.5), autodiff.New(-1.0)}
	x := []*autodiff.Value[float64]{autodiff.Const(4.0), autodiff.Const(3.0)}
	y := autodiff.Dot(w, x)
	y.Backward()
	fmt.Println(y.Data(), w[0].Grad(), w[1].Grad())
	// Output: -1 4 3
}

func ExampleAffine() {
	// A neuron's weighted sum w·x + b as one node with five inputs.
	w := []*autodiff.Value[float64]{autodiff.New(0.5), autodiff.New(-1.0)}
	x := []*autodiff.Value[float64]{autodiff.Const(4.0), autodiff.Const(3.0)}
	b := autodiff.New(0.25)
	z := autodiff.Affine(w, x, b)
	z.Backward()
	fmt.Println(z.Data(), len(z.Inputs()), w[0].Grad(), w[1].Grad(), b.Grad())
	// Output: -0.75 5 4 3 1
}

func ExampleLogSumExp() {
	// Stable for logits whose exponentials overflow.
	a, b := autodiff.New(1000.0), autodiff.New(1000.0)
	y := autodiff.LogSumExp(a, b)
	y.Backward()
	fmt.Printf("%.4f %.2f %.2f\n", y.Data(), a.Grad(), b.Grad())
	// Output: 1000.6931 0.50 0.50
}

func ExampleCheckGradient() {
	f := func(x []*autodiff.Value[float64]) *autodiff.Value[float64] {
		return x[0].Mul(x[1]).Sin().Add(x[0].Exp())
	}
	err := autodiff.CheckGradient(f, []float64{0.3, -1.2}, autodiff.Tolerance{})
	fmt.Println(err)
	// Output: <nil>
}

func ExamplePaths() {
	x := autodiff.New(3.0).Named("x")
	y := x.Mul(x).Named("y") // two paths from y to x: x is both inputs
	y.Backward()
	paths, err := autodiff.Paths(y, x, 10)
	if err != nil {
		panic(err)
	}
	for _, p := range paths {
		e := p.Edges[0]
		fmt.Printf("∂%s/∂%s (input %d) = %v\n", e.Out.Label(), e.In.Label(), e.Index, e.Local)
	}
	fmt.Println("sum:", paths[0].Product+paths[1].Product, "= grad:", x.Grad())
	// Output:
	// ∂y/∂x (input 0) = 3
	// ∂y/∂x (input 1) = 3
	// sum: 6 = grad: 6
}

func ExampleGraph() {
	g := autodiff.NewGraph[float64]()
	w := autodiff.New(0.5) // a parameter, on the heap, kept across steps
	for step := range 3 {
		g.Reset() // reuse the memory of the last step's Values
		x := g.Const(float64(step))
		loss := w.Mul(x).Sub(g.Const(1)).Pow(g.Const(2.0))
		w.ZeroGrad()
		loss.Backward()
		fmt.Printf("step %d: loss %.3f, dloss/dw %.3f, %d values\n",
			step, loss.Data(), w.Grad(), g.Len())
	}
	// Output:
	// step 0: loss 1.000, dloss/dw 0.000, 6 values
	// step 1: loss 0.250, dloss/dw -1.000, 6 values
	// step 2: loss 0.000, dloss/dw 0.000, 6 values
}
