package autodiff

import "golang.org/x/exp/constraints"

// Hessian returns the matrix of second derivatives of y with respect to xs:
// H[i][j] is the derivative of dy/dxs[i] with respect to xs[j], found by
// [Grad] of each entry of Grad(y, xs...). The entries are Values of y's
// graph, so they can be differentiated once more. H is symmetric where y is
// twice continuously differentiable, up to rounding, since H[i][j] and
// H[j][i] are computed along different paths.
//
// Hessian costs len(xs) + 1 calls of Grad, each on a graph a small multiple
// of y's, so it is meant for functions of few inputs; for a product of the
// Hessian with one vector, [HessianVector] needs only two.
func Hessian[T constraints.Float](y *Value[T], xs ...*Value[T]) [][]*Value[T] {
	dy := Grad(y, xs...)
	h := make([][]*Value[T], len(xs))
	for i, d := range dy {
		h[i] = Grad(d, xs...)
	}
	return h
}

// HessianVector returns the product of the Hessian of y with respect to xs
// with the vector v, Σ_j H[i][j]·v[j] for each i, without forming the
// Hessian: it is the gradient of the dot product of Grad(y, xs...) with v,
// which costs two calls of [Grad]. The entries of v may be constants or any
// Values, so that the result can be differentiated with respect to them too.
//
// HessianVector panics if xs and v have different lengths.
func HessianVector[T constraints.Float](y *Value[T], xs, v []*Value[T]) []*Value[T] {
	if len(xs) != len(v) {
		panic("autodiff: HessianVector with xs and v of different lengths")
	}
	if len(xs) == 0 {
		return []*Value[T]{}
	}
	return Grad(Dot(Grad(y, xs...), v), xs...)
}
