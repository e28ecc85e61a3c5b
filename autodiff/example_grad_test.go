package autodiff_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chainrule/chainrule/autodiff"
)

func ExampleGrad() {
	x := autodiff.New(2.0)
	y := x.Pow(autodiff.Const(3.0)) // y = x³

	dy := autodiff.Grad(y, x)[0]   // 3x²
	d2y := autodiff.Grad(dy, x)[0] // 6x
	d3y := autodiff.Grad(d2y, x)[0]
	fmt.Printf("y = %.1f, y' = %.1f, y'' = %.1f, y''' = %.1f\n",
		y.Data(), dy.Data(), d2y.Data(), d3y.Data())
	fmt.Println("x's own gradient:", x.Grad())
	// Output:
	// y = 8.0, y' = 12.0, y'' = 12.0, y''' = 6.0
	// x's own gradient: 0
}

func ExampleGrad_mixedPartials() {
	x, y := autodiff.New(1.5), autodiff.New(-0.5)
	f := x.Mul(x).Mul(y).Add(x.Mul(y).Sin()) // f = x²y + sin(xy)

	d := autodiff.Grad(f, x, y)
	fxy := autodiff.Grad(d[0], y)[0] // ∂/∂y ∂f/∂x
	fyx := autodiff.Grad(d[1], x)[0] // ∂/∂x ∂f/∂y
	// Both are 2x + cos(xy) - xy sin(xy).
	fmt.Printf("%.6f %.6f\n", fxy.Data(), fyx.Data())
	// Output:
	// 3.220460 3.220460
}

func ExampleHessian() {
	// The Rosenbrock function (1 - x)² + 100 (y - x²)².
	x, y := autodiff.New(0.5), autodiff.New(0.5)
	one, hundred := autodiff.Const(1.0), autodiff.Const(100.0)
	a, b := one.Sub(x), y.Sub(x.Mul(x))
	f := a.Mul(a).Add(hundred.Mul(b).Mul(b))

	for _, row := range autodiff.Hessian(f, x, y) {
		fmt.Printf("%6.1f %6.1f\n", row[0].Data(), row[1].Data())
	}
	// Output:
	//  102.0 -200.0
	// -200.0  200.0
}

func ExampleHessianVector() {
	x, y := autodiff.New(1.0), autodiff.New(2.0)
	f := x.Mul(x).Mul(y).Add(y.Pow(autodiff.Const(3.0))) // x²y + y³

	// The Hessian is [[2y, 2x], [2x, 6y]] = [[4, 2], [2, 12]].
	v := []*autodiff.Value[float64]{autodiff.Const(1.0), autodiff.Const(-1.0)}
	for _, hv := range autodiff.HessianVector(f, []*autodiff.Value[float64]{x, y}, v) {
		fmt.Printf("%.1f\n", hv.Data())
	}
	// Output:
	// 2.0
	// -10.0
}

func ExampleValue_Detach() {
	x := autodiff.New(3.0)
	y := x.Mul(x.Detach()) // x² in value, but only one factor is differentiated
	y.Backward()
	fmt.Printf("y = %.1f, dy/dx = %.1f\n", y.Data(), x.Grad())
	// Output:
	// y = 9.0, dy/dx = 3.0
}

func ExampleGraph_DetectAnomalies() {
	g := autodiff.NewGraph[float64]()
	g.DetectAnomalies()
	x := g.New(0)
	y := x.Sqrt().Mul(g.Const(3)) // 0, but sqrt's derivative at 0 is infinite
	fmt.Println("after the forward pass:", g.Err())

	y.Backward()
	var e *autodiff.AnomalyError
	if errors.As(g.Err(), &e) {
		file, _, _ := strings.Cut(e.Site, ":")
		fmt.Println(e.Pass, "pass:", e.Op, "in", file)
		fmt.Println("inputs", e.Inputs, "gave input", e.Input, "the gradient", e.Value)
	}
	// Output:
	// after the forward pass: <nil>
	// backward pass: sqrt in autodiff/example_grad_test.go
	// inputs [0] gave input 0 the gradient +Inf
}
