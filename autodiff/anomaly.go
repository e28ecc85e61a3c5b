package autodiff

import (
	"math"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/exp/constraints"
)

// Pass names the part of a computation in which an anomaly appeared.
type Pass uint8

const (
	// ForwardPass is the computing of an op's result.
	ForwardPass Pass = iota
	// BackwardPass is the computing of gradients: by [Value.Backward], or
	// by the Values that [Grad] builds.
	BackwardPass
)

// String returns "forward" or "backward".
func (p Pass) String() string {
	if p == BackwardPass {
		return "backward"
	}
	return "forward"
}

// AnomalyError describes the first NaN or infinity that a [Graph] detecting
// anomalies saw: which op made it, where that op was created and from which
// inputs. [Graph.Err] returns it.
type AnomalyError struct {
	Pass Pass

	// Op is the name of the op, as [Value.Op] gives it. In the backward
	// pass it is the op whose local derivative gave the bad gradient.
	Op string

	// Site is the file, with its directory, and the line of the call that
	// made the op, as "autodiff/example_test.go:12": the first caller
	// outside this package, so that ops made by Grad have the site of the
	// call of Grad. It is empty if the op was made before detection began.
	Site string

	// Inputs holds the data of the op's inputs, in order.
	Inputs []float64

	// Input is, in the backward pass, the number of the input whose
	// gradient became NaN or infinite; it is -1 in the forward pass.
	Input int

	// Value is the NaN or infinity: the op's result in the forward pass,
	// the input's gradient in the backward pass.
	Value float64

	bits int // the size of the Values' type, to print numbers as they were
}

// Error describes the anomaly in one line.
func (e *AnomalyError) Error() string {
	var b strings.Builder
	b.WriteString("autodiff: ")
	b.WriteString(e.Pass.String())
	b.WriteString(" pass: ")
	b.WriteString(e.Op)
	if e.Site != "" {
		b.WriteString(" at ")
		b.WriteString(e.Site)
	}
	if e.Pass == ForwardPass {
		b.WriteString(" made ")
		b.WriteString(e.format(e.Value))
		b.WriteString(" from inputs ")
	} else {
		b.WriteString(" gave input ")
		b.WriteString(strconv.Itoa(e.Input))
		b.WriteString(" the gradient ")
		b.WriteString(e.format(e.Value))
		b.WriteString("; inputs ")
	}
	b.WriteByte('[')
	for i, x := range e.Inputs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.format(x))
	}
	b.WriteByte(']')
	return b.String()
}

// format writes x with as many digits as its Value type needs.
func (e *AnomalyError) format(x float64) string {
	return strconv.FormatFloat(x, 'g', -1, e.bits)
}

// DetectAnomalies makes g check every Value that an op makes from then on,
// and every gradient that [Value.Backward] computes from a root in g, and
// record the first NaN or infinity among them, which [Graph.Err] returns.
// The record names the op, its inputs' data, and the file and line where the
// op was created; [Grad] reports a non-finite Value it makes as one of the
// backward pass, naming the op whose derivative it was building. Calling
// DetectAnomalies again forgets the anomaly recorded; [Graph.Reset] does not.
//
// Only ops made in g are checked, so detection is off for Values on the
// heap, and for every other Graph. Leaves are not checked: a NaN given as
// data is reported at the first op that uses it.
//
// Detection is for debugging. It walks the stack for each op to find its
// call site, a few microseconds, which makes building a graph some tens of
// times slower; and Backward, which checks every gradient after its sweep,
// about three times slower. A Graph that does not detect anomalies, and a
// Value on the heap, pay one comparison per op and one per Backward.
func (g *Graph[T]) DetectAnomalies() {
	a := &anomalies[T]{input: -1}
	if g.anomaly != nil {
		a.near, a.far = g.anomaly.near, g.anomaly.far
	}
	g.anomaly = a
}

// Err returns the first anomaly that g recorded since [Graph.DetectAnomalies]
// as an *[AnomalyError], or nil if there was none or detection is off.
func (g *Graph[T]) Err() error {
	if g.anomaly == nil || g.anomaly.err == nil {
		return nil
	}
	return g.anomaly.err
}

// anomalies is the state of a Graph that detects anomalies.
type anomalies[T constraints.Float] struct {
	err *AnomalyError

	// op and input say which input's local derivative Grad is building, or
	// op is nil if Grad is not running.
	op    *Value[T]
	input int

	// near and far cache the site found for each top of a call stack seen,
	// since finding one is much slower than looking it up: near for sites
	// among the top few frames, the ops a program calls, far for deeper
	// ones, the ops that Grad makes. pcs is room for runtime.Callers.
	near map[[nearFrames]uintptr]string
	far  map[[farFrames]uintptr]string
	pcs  [farFrames]uintptr

	// order, stack and sums are check's work space, kept to be reused.
	order []*Value[T]
	stack []frame[T]
	sums  []T
}

// frame is a Value on the stack of a depth-first walk, with the number of
// the next input to visit.
type frame[T constraints.Float] struct {
	v    *Value[T]
	next int
}

const (
	nearFrames = 8
	farFrames  = 64
)

// watch records the site of v, an op's result in the anomaly's Graph, and
// reports v if it is the first non-finite Value.
func (a *anomalies[T]) watch(v *Value[T]) {
	v.ownExtra().site = a.site()
	if a.err != nil || finite(v.data) {
		return
	}
	if a.op != nil {
		a.report(BackwardPass, a.op, a.input, v.data)
		return
	}
	a.report(ForwardPass, v, -1, v.data)
}

// enterGrad tells a that Grad is building the local derivative of op v with
// respect to its input number i.
func (a *anomalies[T]) enterGrad(v *Value[T], i int) { a.op, a.input = v, i }

// leaveGrad tells a that Grad has finished.
func (a *anomalies[T]) leaveGrad() { a.op, a.input = nil, -1 }

// report records the anomaly bad of op v, found in the given pass at v's
// input number i.
func (a *anomalies[T]) report(pass Pass, v *Value[T], i int, bad T) {
	e := &AnomalyError{Pass: pass, Op: v.op.String(), Input: i, Value: float64(bad),
		Inputs: make([]float64, v.arity()), bits: 64}
	if isFloat32[T]() {
		e.bits = 32
	}
	if v.ext != nil {
		e.Site = v.ext.site
	}
	for j := range e.Inputs {
		e.Inputs[j] = float64(v.input(j).data)
	}
	a.err = e
}

// site returns the file and line of the first caller outside this package,
// as "dir/file.go:line", or "" if the stack is deeper than it looks. It
// looks at the top frames first, since a walk of the stack costs in
// proportion to its depth.
func (a *anomalies[T]) site() string {
	// Skip runtime.Callers and site itself.
	n := runtime.Callers(2, a.pcs[:nearFrames])
	near := [nearFrames]uintptr(a.pcs[:nearFrames])
	if s, ok := a.near[near]; ok {
		return s
	}
	if s, ok := siteIn(a.pcs[:n]); ok {
		if a.near == nil {
			a.near = make(map[[nearFrames]uintptr]string)
		}
		a.near[near] = s
		return s
	}

	n = runtime.Callers(2, a.pcs[:])
	if s, ok := a.far[a.pcs]; ok {
		return s
	}
	s, _ := siteIn(a.pcs[:n])
	if a.far == nil {
		a.far = make(map[[farFrames]uintptr]string)
	}
	a.far[a.pcs] = s
	return s
}

// siteIn returns the site of the first frame of pcs outside this package,
// and whether there is one.
func siteIn(pcs []uintptr) (string, bool) {
	prefix := reflect.TypeFor[Pass]().PkgPath() + "."
	frames := runtime.CallersFrames(slices.Clone(pcs))
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, prefix) && f.File != "" {
			dir, file := filepath.Split(f.File)
			return filepath.Base(dir) + "/" + file + ":" + strconv.Itoa(f.Line), true
		}
		if !more {
			return "", false
		}
	}
}

// backward is Backward from root, a Value of the anomaly's Graph: the same
// Backward, with detection off so as to compute the same gradients, then a
// check of the gradients it gave.
func (a *anomalies[T]) backward(root *Value[T]) {
	g := root.graph()
	g.anomaly = nil
	func() {
		defer func() { g.anomaly = a }()
		root.Backward()
	}()
	if a.err == nil {
		a.check(root)
	}
}

// check reports, after Backward from root, the first op whose local
// derivatives turned a finite gradient of its own into a NaN or infinite
// gradient of an input, or the first whose share made an input's sum of
// shares overflow. It visits each op after all its consumers, as Backward
// does, and recomputes each share as Backward did; the sums start from zero,
// so a leaf's gradient that was not finite before Backward is no news.
func (a *anomalies[T]) check(root *Value[T]) {
	// Number the Values below root that need a gradient in post-order, in
	// their pending fields, which are zero outside Backward and are zero
	// again when check returns; a Value on the stack is marked with onStack.
	const onStack = math.MaxUint32
	order, stack := a.order[:0], append(a.stack[:0], frame[T]{v: root})
	root.pending = onStack
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == top.v.arity() {
			order = append(order, top.v)
			top.v.pending = uint32(len(order))
			stack = stack[:len(stack)-1]
			continue
		}
		in := top.v.input(top.next)
		top.next++
		if in.needsGrad && in.pending == 0 {
			in.pending = onStack
			stack = append(stack, frame[T]{v: in})
		}
	}
	a.stack = stack
	defer func() {
		for _, v := range order {
			v.pending = 0
		}
		a.order = order[:0]
	}()

	// Sum the shares again, consumers first; sums[n] is for Value number n.
	sums := append(a.sums[:0], make([]T, len(order)+1)...)
	a.sums = sums
	for j := len(order) - 1; j >= 0; j-- {
		v := order[j]
		if v.op <= opLeaf || !finite(v.grad) {
			continue // a leaf, or reported at a consumer
		}
		for k, n := 0, v.arity(); k < n; k++ {
			i := sweepInput(v, k)
			in := v.input(i)
			if !in.needsGrad {
				continue
			}
			s := &sums[in.pending]
			*s += v.grad * partial(v, i)
			if !finite(*s) {
				a.report(BackwardPass, v, i, *s)
				return
			}
		}
	}
}

// finite reports whether x is neither infinite nor NaN: for both, x - x is
// NaN.
func finite[T float](x T) bool { return x-x == 0 }
