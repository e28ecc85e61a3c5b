package autodiff

import "unsafe"

// Mixed reports whether g knows of an op made on the heap below one of its
// Values, so that Backward must search rather than walk g's memory.
func Mixed[T float](g *Graph[T]) bool { return g.mixed }

// HeaderSize returns the size of the header that n-ary ops and labelled
// Values add to a Value.
func HeaderSize[T float]() uintptr { return unsafe.Sizeof(extra[T]{}) }
