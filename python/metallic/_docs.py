"""Docstrings for metallic's public functions, classes and methods, attached at import:
NumPy's own text for the same name, read from the installed NumPy (so it matches the
NumPy metallic runs beside), after metallic's own remarks where it has any. Names NumPy
lacks carry metallic's text alone."""

import numpy as _np

_RANDOM_NOTE = ("metallic's generators draw from their own streams (Philox): the same seed "
                "gives other numbers than NumPy's.")
# Where metallic's behaviour differs from NumPy's in a way the caller sees.
NOTES = {
    "asarray": "A NumPy array, list or scalar is copied to the default device; data of a dtype "
               "metallic does not hold (structured, string, datetime, object) stays NumPy's.",
    "array": "As asarray, with NumPy's copy semantics.",
}


def _numpy_doc(np_obj):
    doc = getattr(np_obj, "__doc__", None)
    return doc if isinstance(doc, str) and doc.strip() else None


def _numpy_owned(obj):
    return str(getattr(obj, "__module__", None) or "").split(".")[0] == "numpy"


def _document(obj, np_obj, note=None):
    """obj's docstring: metallic's text (its own, then note) above np_obj's."""
    fn = getattr(obj, "__func__", obj)  # a bound method, staticmethod or classmethod
    if getattr(fn, "__metallic_doc__", False) or _numpy_owned(fn):
        return  # done, or NumPy's own (a fallback wrapper carries NumPy's text already)
    own = fn.__doc__ if isinstance(fn.__doc__, str) and fn.__doc__.strip() else None
    numpy_doc = _numpy_doc(np_obj) if np_obj is not None and np_obj is not fn else None
    if own and numpy_doc and own.strip() == numpy_doc.strip():
        return
    parts = [f"metallic: {t.strip()}\n\n" for t in (own, note) if t]
    doc = "".join(parts) + (numpy_doc or "")
    if not doc:
        return
    try:
        fn.__doc__ = doc
        fn.__metallic_doc__ = True
    except (AttributeError, TypeError):  # a builtin's text is fixed
        pass


def attach(namespace, np_namespace, prefix="", module_note=None):
    """Every public callable of namespace (a module's __dict__) documented from the same
    name in np_namespace."""
    for name, obj in list(namespace.items()):
        if not name.startswith("_") and callable(obj) and not isinstance(obj, type):
            np_obj = getattr(np_namespace, name, None)  # the module's note only for NumPy's names
            _document(obj, np_obj, NOTES.get(prefix + name, module_note if np_obj is not None else None))


def attach_class(cls, np_cls, text=None, note=None):
    """A class and its public methods documented from NumPy's class of the same role."""
    if text and not (cls.__doc__ or "").strip():
        cls.__doc__ = f"metallic: {text}\n\n" + (_numpy_doc(np_cls) or "")
    for klass in cls.__mro__:
        if klass is object or _numpy_owned(klass):
            continue
        for name, member in vars(klass).items():
            if not name.startswith("_") and callable(getattr(member, "__func__", member)):
                np_member = getattr(np_cls, name, None) or getattr(_np, name, None)  # (ndarray.ptp: NumPy 1's)
                _document(member, np_member, note)


def attach_all(metallic):
    attach(vars(metallic), _np)
    for sub in ("linalg", "fft", "random"):
        attach(vars(getattr(metallic, sub)), getattr(_np, sub), prefix=sub + ".",
               module_note=_RANDOM_NOTE if sub == "random" else None)
    attach(vars(metallic.lib.stride_tricks), _np.lib.stride_tricks)
    attach_class(metallic.ndarray, _np.ndarray, "An array on one device (CPU or GPU) with NumPy's ndarray interface.")
    rnd = metallic.random
    attach_class(rnd.Generator, _np.random.Generator, note=_RANDOM_NOTE)
    attach_class(rnd.RandomState, _np.random.RandomState, note=_RANDOM_NOTE)
