package autodiff

// Detach returns a constant holding v's data, in v's [Graph] if it has one:
// the same number, through which no gradient flows, as PyTorch's detach. Use
// it where a value computed from the parameters must count as fixed, as a
// target or a normalizing factor. The constant is a copy, which later calls
// of [Value.SetData] on v do not change.
func (v *Value[T]) Detach() *Value[T] { return v.graph().Const(v.data) }
