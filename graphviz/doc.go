// Package graphviz draws a graph of autodiff Values, with each one's data and
// gradient, in Graphviz's DOT language, and renders DOT to SVG or PNG with
// Graphviz's dot program when it is installed. Seeing the numbers flow is the
// quickest way to understand what Backward did.
//
// # Drawing
//
// [Write] writes the graph below a root Value as one digraph. Each Value is a
// box showing its label, when it has one, its data and its gradient; each op
// is a small oval between its inputs and its result, named as
// [autodiff.Value.Op] names it ("+", "tanh"). Where the order of an op's inputs
// matters, as for "-" or "pow", the edges into it are numbered from 1. A
// Value used twice by one op, as x in x.Mul(x), has two edges into it.
// Drawings flow from left to right unless [Direction] says otherwise.
//
// By default nodes are filled by their kind: parameters, the leaves made by
// [autodiff.New], in blue; constants, made by [autodiff.Const], in grey with a
// dashed border; Values computed from constants only in grey, showing "no
// grad" since Backward never reaches them; ops in yellow; other Values in
// white. A zero gradient gets a thick orange border, and a NaN or infinite one
// a thick red border and red text. [ShadeKinds] and [MarkGrads] turn these
// off, [OpNodes] folds each op into its result's box, [Numbers] sets how
// numbers are written and [Title] adds a title.
//
// # Determinism
//
// Node names come from the order of a depth-first walk from the root that
// follows each Value's inputs in order: the root is v0, the next Value first
// reached is v1, and so on, and the op that makes vN is oN. Neither pointers
// nor map order reach the output, so the same graph gives the same bytes on
// every run, which lets tests compare DOT against golden files.
//
// # Labels
//
// Labels, like the title, may hold any text: quotes, backslashes, braces, |,
// < and >, entities such as &amp;, DOT keywords and any Unicode are escaped so
// that the text the picture shows is exactly the label, a newline breaking
// the line. The exceptions are characters that have no glyph and would
// vanish or break Graphviz's output: control characters other than newline
// are shown as their Unicode Control Pictures (␉ for a tab, ␀ for NUL), C1
// controls, U+FFFE, U+FFFF and bytes that are not UTF-8 as U+FFFD (�).
//
// # Large graphs
//
// Graphviz's layout time grows much faster than the number of nodes, and a
// drawing of several thousand is too dense to read. If the drawing would have
// more than [DefaultMaxNodes] nodes, or the limit set by [MaxNodes], Write
// writes nothing and returns a [*TooLargeError] that says how many there are.
// The count is a guide, not a bound: edges that span many ranks, as from a
// Value used both early and late in a long computation, slow the layout too,
// so [Render] takes a context to give up on it.
//
// # Rendering
//
// [Render] runs dot to turn DOT into an [SVG] or [PNG] picture, with a
// context to cancel it, and [RenderFile] writes a picture to a file
// atomically, its format taken from the name. Both return an error wrapping
// [ErrNoDot] when Graphviz is not installed; on Debian and Ubuntu its package
// is graphviz.
package graphviz
