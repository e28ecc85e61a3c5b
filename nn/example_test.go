package nn_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// A 2-4-1 network learns XOR from its four examples: forward, loss,
// backward, step, three hundred times.
func Example() {
	x := [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}
	y := [][]float64{{0}, {1}, {1}, {0}}

	rng := rand.New(rand.NewPCG(1, 2))
	m := nn.NewMLP[float64](rng, 2, []int{4, 1}, nn.WithHidden(nn.Tanh))
	opt := nn.NewAdam(m.Parameters(), nn.Constant(0.05))

	for step := range 300 {
		out := make([][]*autodiff.Value[float64], len(x))
		for i, xi := range x {
			out[i] = m.Forward([]*autodiff.Value[float64]{
				autodiff.Const(xi[0]), autodiff.Const(xi[1]),
			})
		}
		loss := nn.MSE(out, y)
		opt.ZeroGrad()
		loss.Backward()
		opt.Step()
		if step%100 == 0 {
			fmt.Printf("step %3d: loss %.2f\n", step, loss.Data())
		}
	}
	for _, xi := range x {
		fmt.Printf("%v xor %v = %d\n", xi[0], xi[1], int(math.Round(m.Predict(xi)[0])))
	}
	// Output:
	// step   0: loss 0.54
	// step 100: loss 0.00
	// step 200: loss 0.00
	// 0 xor 0 = 0
	// 0 xor 1 = 1
	// 1 xor 0 = 1
	// 1 xor 1 = 0
}

// Every weight and bias can be set by hand, and after Backward each one
// holds its gradient.
func ExampleNewMLP_handSet() {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{2, 1})
	m.Layers[0].Set([][]float64{{1, -1}, {0.5, 2}}, []float64{0, -1})
	m.Layers[1].Neurons[0].Set([]float64{3, -2}, 0.5)
	fmt.Println(m)

	// relu(2 - 1) = 1 and relu(1 + 2 - 1) = 2, so 3·1 - 2·2 + 0.5 = -0.5.
	out := m.Forward([]*autodiff.Value[float64]{autodiff.New(2.0), autodiff.New(1.0)})
	out[0].Backward()
	fmt.Println("output:", out[0].Data())
	for _, p := range m.Parameters() {
		fmt.Printf("%-8s %5.2f  grad %5.2f\n", p.Label(), p.Data(), p.Grad())
	}
	// Output:
	// MLP(2 -> 2 relu -> 1 linear)
	// output: -0.5
	// w1[0][0]  1.00  grad  6.00
	// w1[0][1] -1.00  grad  3.00
	// b1[0]     0.00  grad  3.00
	// w1[1][0]  0.50  grad -4.00
	// w1[1][1]  2.00  grad -2.00
	// b1[1]    -1.00  grad -2.00
	// w2[0][0]  3.00  grad  1.00
	// w2[0][1] -2.00  grad  2.00
	// b2[0]     0.50  grad  1.00
}

// micrograd's demo: a 2-16-16-1 network separates two moons with the hinge
// loss, an L2 penalty and SGD with a decaying learning rate. Each step's
// graph is built in one reused autodiff.Graph.
func ExampleMakeMoons() {
	rng := rand.New(rand.NewPCG(1, 0))
	x, y := nn.MakeMoons[float64](rng, 100, 0.1)
	m := nn.NewMLP[float64](rng, 2, []int{16, 16, 1})
	params := m.Parameters()
	opt := nn.NewSGD(params, nn.LinearDecay(1.0, 0.1, 100))

	g := autodiff.NewGraph[float64]()
	scores := make([]*autodiff.Value[float64], len(x))
	for step := range 100 {
		g.Reset()
		for i, p := range x {
			scores[i] = m.Forward([]*autodiff.Value[float64]{g.Const(p[0]), g.Const(p[1])})[0]
		}
		loss := nn.Hinge(scores, y).Add(nn.L2(params, 1e-4))
		opt.ZeroGrad()
		loss.Backward()
		opt.Step()
		if step%25 == 0 {
			fmt.Printf("step %2d: loss %.2f, accuracy %3.0f%%\n", step, loss.Data(),
				accuracy(scores, y))
		}
	}
	correct := 0
	for i, p := range x {
		if (m.Predict(p)[0] > 0) == (y[i] > 0) {
			correct++
		}
	}
	fmt.Printf("trained: %d of %d correct\n", correct, len(x))
	// Output:
	// step  0: loss 1.77, accuracy  39%
	// step 25: loss 0.10, accuracy  97%
	// step 50: loss 0.02, accuracy 100%
	// step 75: loss 0.01, accuracy 100%
	// trained: 100 of 100 correct
}

func accuracy(scores []*autodiff.Value[float64], y []float64) float64 {
	correct := 0
	for i, s := range scores {
		if (s.Data() > 0) == (y[i] > 0) {
			correct++
		}
	}
	return 100 * float64(correct) / float64(len(y))
}

// A saved network reads back bit for bit; a cut one gives an error.
func ExampleReadMLP() {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(4, 2)), 3, []int{5, 2},
		nn.WithOutput(nn.Sigmoid))
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := nn.ReadMLP[float64](&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{0.1, -2, 3.5}
	fmt.Println(loaded)
	fmt.Println("same outputs:", fmt.Sprint(m.Predict(x)) == fmt.Sprint(loaded.Predict(x)))

	_, err = nn.ReadMLP[float64](strings.NewReader(`{"format": "chainrule.nn.MLP", "version": 1`))
	fmt.Println(err)
	// Output:
	// MLP(3 -> 5 relu -> 2 sigmoid)
	// same outputs: true
	// nn: read model: line 1, column 44: unexpected end of input; the file may be truncated
}

// Bad values in a table are reported with their line and column.
func ExampleReadCSV() {
	table := "x1,x2,label\n0,0,0\n0,1,1\n1,zero,1\n"
	_, _, err := nn.ReadCSV[float64](strings.NewReader(table),
		nn.CSVOptions{Header: true, Targets: 1})
	fmt.Println(err)

	x, y, err := nn.ReadCSV[float64](strings.NewReader(table[:24]),
		nn.CSVOptions{Header: true, Targets: 1})
	fmt.Println(x, y, err)
	// Output:
	// nn: read csv: line 4, column 2: "zero" is not a number
	// [[0 0] [0 1]] [[0] [1]] <nil>
}
