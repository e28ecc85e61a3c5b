// Package autodiff is a reverse-mode automatic differentiation engine for
// scalars. Every number computed through it is a [Value] that remembers the op
// that made it and that op's inputs, so a result is the root of a graph of
// everything it was computed from. One call of [Value.Backward] walks that
// graph from the root down and applies the chain rule at each op, leaving in
// every Value the derivative of the root with respect to it.
//
//	x := autodiff.New(2.0)
//	y := x.Mul(x).Add(x.Sin()) // y = x² + sin x
//	y.Backward()
//	x.Grad()                   // dy/dx = 2x + cos x
//
// # The graph
//
// Leaves are made by [New], for numbers whose gradient is wanted, and by
// [Const], for numbers that never receive one. Each op returns a new Value;
// the inputs of an op are kept in order ([Value.Inputs]) and the op's local
// derivatives are computed from the data when Backward needs them, so a node
// holds no closures. [Sum], [Dot], [Affine] and [LogSumExp] are single ops
// with any number of inputs, so a sum over a million Values is one node.
// Sum and LogSumExp copy the Values they are given; Dot and Affine keep the
// caller's slices, whose elements must not change while the graph is used.
//
// A node costs 48 bytes for float64 (40 for float32); an op with any number
// of inputs adds a header of 88 bytes, and Sum and LogSumExp one pointer per
// input. Backward needs no other memory for chains and sums of leaves, and
// one pointer for each other Value waiting for its gradient. A [Graph] keeps
// the memory of its Values across [Graph.Reset], so that a training loop
// which builds the same graph each step allocates nothing once warm.
//
// # Gradients
//
// Backward follows PyTorch: leaves made by New accumulate their gradients
// across calls until [Value.ZeroGrad]; every other Value's gradient is
// recomputed on each call. A Value used several times, as in x.Mul(x),
// receives the sum of the contributions of every path through it.
//
// [CheckGradient] compares the gradients of any function of Values with
// central finite differences, and [Paths] lists every path from a root down
// to a Value with the local derivative on each edge, whose products add up to
// the Value's gradient: the chain rule, written out.
//
// # Higher derivatives
//
// [Grad] returns derivatives as new Values in the graph, so they can be
// differentiated again; [Hessian] and [HessianVector] build on it, and
// [Value.Detach] gives a constant through which no gradient flows.
//
// # Anomaly detection
//
// [Graph.DetectAnomalies] makes one Graph record the first NaN or infinity
// made in its forward or backward pass, as an [AnomalyError] from [Graph.Err]
// naming the op, its inputs and where it was made. Off, it costs nothing.
//
// # Conventions at the edges
//
// Where a function or its derivative is undefined, the package does what
// PyTorch documents:
//
//	op            at                     value       derivative
//	ReLU          x = 0                  0           0
//	ReLU          x = NaN                NaN         passes the gradient
//	LeakyReLU     x = 0                  0           slope
//	Max, Min      a = b                  a           half to each input
//	Max, Min      a or b NaN             NaN         1 to each input
//	Abs           x = 0                  0           0
//	Pow           x = 0, y = 0           1           d/dx = 0, d/dy = 0
//	Pow           x < 0, y not integer   NaN         NaN
//	Pow           x = 0, y > 0           0           d/dy = 0
//	Log           x = 0                  -Inf        +Inf
//	Log           x < 0                  NaN         1/x
//	Sqrt          x = 0                  0           +Inf
//	Div           b = 0                  ±Inf, NaN   as IEEE 754 gives
//	Tanh          |x| up to 1e4          ±1          0, never NaN
//	Sigmoid       |x| up to 1e4          0 or 1      0, never NaN
//	Softplus      x up to 1e4            x           1, never Inf
//	LogSumExp     inputs up to ±1e4      finite      softmax, never NaN
//
// Exp overflows to +Inf past x ≈ 709 (88 for float32), as the true value
// does not fit.
//
// # Concurrency
//
// The package has no global state. A graph is not safe for concurrent use,
// but separate graphs can be built and differentiated on separate goroutines
// at once, as long as they share no leaf made by New (whose gradient Backward
// writes). Constants may be shared.
//
// # Panics
//
// Programming mistakes panic with a message starting "autodiff:": [Dot] of
// slices of different lengths, [LogSumExp] of nothing, and an op whose inputs
// belong to two different Graphs.
package autodiff
