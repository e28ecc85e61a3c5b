package graphviz

import "fmt"

// DefaultMaxNodes is the most nodes a drawing by [Write] may have unless
// [MaxNodes] says otherwise. Graphviz 2.43 on one core lays out the 1,400
// nodes of a small MLP's loss over ten samples in about 2 seconds, and the
// 2,800 nodes of the same over twenty samples in about 12.
const DefaultMaxNodes = 2000

// Option changes how [Write] draws a graph. Options apply in order, so a
// later one overrides an earlier one of the same kind.
type Option func(*config)

// config is what the Options of one call of Write set.
type config struct {
	dir      Dir
	format   byte // as strconv.FormatFloat takes it
	prec     int
	ops      bool // draw each op as a node of its own
	shade    bool // fill nodes by their kind
	mark     bool // mark zero, NaN and infinite gradients
	title    string
	maxNodes int
}

// newConfig returns the defaults changed by opts.
func newConfig(opts []Option) config {
	c := config{
		dir:      LeftToRight,
		format:   'g',
		prec:     4,
		ops:      true,
		shade:    true,
		mark:     true,
		maxNodes: DefaultMaxNodes,
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Dir is the direction in which a drawing flows, from the inputs to the root.
type Dir uint8

// The directions, as Graphviz's rankdir attribute names them: LR, TB, RL, BT.
const (
	LeftToRight Dir = iota // the default
	TopToBottom
	RightToLeft
	BottomToTop
	numDirs
)

// rankdir returns the value of Graphviz's rankdir attribute for d.
func (d Dir) rankdir() string {
	return [numDirs]string{"LR", "TB", "RL", "BT"}[d]
}

// Direction sets the direction in which the drawing flows, from the inputs
// to the root. The default is [LeftToRight]. Direction panics if d is not one
// of the Dir constants.
func Direction(d Dir) Option {
	if d >= numDirs {
		panic(fmt.Sprintf("graphviz: Direction(%d) is not one of the Dir constants", d))
	}
	return func(c *config) { c.dir = d }
}

// Numbers sets how data and gradients are written: as [strconv.FormatFloat]
// writes them with the given format byte and precision, at the precision of
// the Values' type. The default, 'g' with precision 4, writes four significant
// digits: 0.7616, 1.235e+06. A precision of -1 writes the fewest digits that
// identify the number exactly. Numbers panics if format is not one of 'b',
// 'e', 'E', 'f', 'g', 'G', 'x', 'X', or if prec is below -1.
func Numbers(format byte, prec int) Option {
	switch format {
	case 'b', 'e', 'E', 'f', 'g', 'G', 'x', 'X':
	default:
		panic(fmt.Sprintf("graphviz: Numbers format %q is not one of beEfgGxX", format))
	}
	if prec < -1 {
		panic(fmt.Sprintf("graphviz: Numbers precision %d is below -1", prec))
	}
	return func(c *config) { c.format, c.prec = format, prec }
}

// OpNodes sets whether each op is drawn as a small node of its own between
// its inputs and its result, so that the drawing reads like the math (the
// default), or written as a line "op tanh" into the result's node, which
// halves the number of nodes.
func OpNodes(draw bool) Option {
	return func(c *config) { c.ops = draw }
}

// ShadeKinds sets whether nodes are filled by their kind (the default):
// parameters, the leaves made by autodiff.New, in blue; constants, and
// Values computed from constants only, in grey; ops in yellow; and other
// Values in white. Constants also have a dashed border. With ShadeKinds(false)
// every node is white.
func ShadeKinds(on bool) Option {
	return func(c *config) { c.shade = on }
}

// MarkGrads sets whether a Value whose gradient is zero gets a thick orange
// border and one whose gradient is NaN or infinite a thick red border and red
// text (the default). Before Backward every gradient is zero, so every Value
// that takes one is marked.
func MarkGrads(on bool) Option {
	return func(c *config) { c.mark = on }
}

// Title sets a title shown above the drawing. Like labels it may hold any
// text, line breaks included. The default is no title.
func Title(text string) Option {
	return func(c *config) { c.title = text }
}

// MaxNodes sets the most nodes a drawing may have, counting one per Value
// and one per op unless [OpNodes] is false; for a larger graph [Write]
// returns a [*TooLargeError] and writes nothing. The default is
// [DefaultMaxNodes]. MaxNodes panics if n < 1; pass math.MaxInt to draw any
// graph, however long Graphviz takes.
func MaxNodes(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("graphviz: MaxNodes(%d) is below 1", n))
	}
	return func(c *config) { c.maxNodes = n }
}
