/* The BM25 query path's inner loops, compiled (qa.search.bm25 calls them when this module is built).
 *
 * Each function does what a few numpy calls do in bm25.py, in one pass and without temporary
 * arrays: the posting weight is computed inline with exactly the operations, in exactly the order,
 * of `posting_weights` (idf * ((tf * (k1 + 1)) / (tf + norm)), all in IEEE double), and scores
 * add in the order numpy adds them, so every float is the same to the last bit. setup.py builds it
 * with -ffp-contract=off (no fused multiply-add) and without -ffast-math.
 *
 * Arrays arrive through the buffer protocol (numpy arrays, no copy) and every document id read
 * from the index is checked against the array it indexes: a damaged cache raises, never crashes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} Buffer;

static int
get_buffer(PyObject *object, Buffer *buffer, Py_ssize_t itemsize, const char *formats, int writable, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    buffer->held = 0;
    if (PyObject_GetBuffer(object, &buffer->view, flags) < 0) {
        return -1;
    }
    buffer->held = 1;
    const char *format = buffer->view.format != NULL ? buffer->view.format : "B";
    if (*format == '<' || *format == '=' || *format == '@') {
        format++;  /* native byte order, as numpy marks it */
    }
    if (buffer->view.itemsize != itemsize || buffer->view.ndim > 1 || format[0] == '\0' || format[1] != '\0' ||
        strchr(formats, format[0]) == NULL) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous 1-d array of '%s' items", name, formats);
        return -1;
    }
    return 0;
}

static void
release(Buffer *buffers, int count)
{
    for (int i = 0; i < count; i++) {
        if (buffers[i].held) {
            PyBuffer_Release(&buffers[i].view);
        }
    }
}

static Py_ssize_t
length(const Buffer *buffer)
{
    return buffer->view.len / buffer->view.itemsize;
}

/* The weight of one posting: `posting_weights` for one element. */
static inline double
weight(double idf, int32_t tf, double norm, double k1_plus_1)
{
    double t = (double)tf;
    return idf * ((t * k1_plus_1) / (t + norm));
}

static PyObject *
bad_document(void)
{
    PyErr_SetString(PyExc_ValueError, "a posting names a document outside the index (damaged cache?)");
    return NULL;
}

/* Postings ahead whose documents' scores and norms are fetched early (scattered reads of 8 MB arrays). */
#define AHEAD 16

/* accumulate(docs, tfs, norm, idf, k1_plus_1, scale, partial, fresh, marked) -> new documents
 *
 * partial[d] = partial[d] + w (scale == 1) or partial[d] + scale * w for each posting (d, tf),
 * w its weight. A document is new when partial[d] was 0 before (marked is None) or when
 * marked[d] was false (then set); new documents are written to fresh in posting order.
 * fresh may be None (nothing is listed; marked must then be None too); a document new past its
 * end raises ValueError (the partial scores are then part-updated).
 */
static PyObject *
accumulate(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *docs_object, *tfs_object, *norm_object, *partial_object, *fresh_object, *marked_object;
    double idf, k1_plus_1, scale;
    if (!PyArg_ParseTuple(args, "OOOdddOOO:accumulate", &docs_object, &tfs_object, &norm_object, &idf, &k1_plus_1,
                          &scale, &partial_object, &fresh_object, &marked_object)) {
        return NULL;
    }
    Buffer b[6] = {{.held = 0}};
    PyObject *result = NULL;
    int listing = fresh_object != Py_None, marking = marked_object != Py_None;
    if (get_buffer(docs_object, &b[0], 4, "i", 0, "docs") < 0 || get_buffer(tfs_object, &b[1], 4, "i", 0, "tfs") < 0 ||
        get_buffer(norm_object, &b[2], 8, "d", 0, "norm") < 0 ||
        get_buffer(partial_object, &b[3], 8, "d", 1, "partial") < 0 ||
        (listing && get_buffer(fresh_object, &b[4], 8, "qlL", 1, "fresh") < 0) ||
        (marking && get_buffer(marked_object, &b[5], 1, "?", 1, "marked") < 0)) {
        goto done;
    }
    Py_ssize_t count = length(&b[0]), documents = length(&b[3]);
    if (length(&b[1]) != count || length(&b[2]) != documents || (marking && length(&b[5]) != documents) ||
        (marking && !listing)) {
        PyErr_SetString(PyExc_ValueError, "accumulate: arrays of mismatched lengths");
        goto done;
    }
    const int32_t *docs = b[0].view.buf, *tfs = b[1].view.buf;
    const double *norm = b[2].view.buf;
    double *partial = b[3].view.buf;
    int64_t *fresh = listing ? b[4].view.buf : NULL;
    Py_ssize_t room = listing ? length(&b[4]) : 0;
    char *marked = marking ? b[5].view.buf : NULL;
    Py_ssize_t found = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        int32_t d = docs[i];
        if (d < 0 || d >= documents) {
            bad_document();
            goto done;
        }
        if (i + AHEAD < count && docs[i + AHEAD] >= 0 && docs[i + AHEAD] < documents) {
            __builtin_prefetch(&partial[docs[i + AHEAD]], 1);
            __builtin_prefetch(&norm[docs[i + AHEAD]], 0);
        }
        double w = weight(idf, tfs[i], norm[d], k1_plus_1);
        double before = partial[d];
        partial[d] = scale == 1.0 ? before + w : before + scale * w;
        int new = marking ? !marked[d] : listing && before == 0.0;
        if (new) {
            if (found == room) {
                PyErr_SetString(PyExc_ValueError, "accumulate: more new documents than room in fresh");
                goto done;
            }
            if (marking) {
                marked[d] = 1;
            }
            fresh[found++] = d;
        }
    }
    result = PyLong_FromSsize_t(found);
done:
    release(b, 6);
    return result;
}

/* Lookups searched side by side: every search of one list takes the same number of steps, so a
 * batch's steps run in lockstep and the core overlaps their memory reads (a lone binary search
 * waits for each read before the next: ~60 ns a lookup at a million documents). */
#define LANES 16

/* Where each of documents[0..n) sits in the ascending `postings` (numpy's searchsorted, side
 * left), or -1 where it is absent. Branch-free halving: lower bound = base + (postings[base] < key). */
static void
positions_of(const int32_t *postings, Py_ssize_t count, const int64_t *documents, Py_ssize_t n, Py_ssize_t *at)
{
    Py_ssize_t base[LANES];
    for (Py_ssize_t j = 0; j < n; j++) {
        base[j] = 0;
    }
    if (count == 0) {
        for (Py_ssize_t j = 0; j < n; j++) {
            at[j] = -1;
        }
        return;
    }
    for (Py_ssize_t left = count; left > 1;) {
        Py_ssize_t half = left / 2;
        for (Py_ssize_t j = 0; j < n; j++) {
            base[j] = (int64_t)postings[base[j] + half] < documents[j] ? base[j] + half : base[j];
        }
        left -= half;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t low = base[j] + ((int64_t)postings[base[j]] < documents[j]);
        at[j] = low < count && (int64_t)postings[low] == documents[j] ? low : -1;
    }
}

/* add_weights_at(postings, tfs, norm, idf, k1_plus_1, documents, out)
 *
 * For each of `documents` (int64 ids) found in the term's ascending `postings`, out[i] = out[i] + w,
 * w the posting's weight; out is left alone where the document is absent. A binary search each.
 */
static PyObject *
add_weights_at(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *postings_object, *tfs_object, *norm_object, *documents_object, *out_object;
    double idf, k1_plus_1;
    if (!PyArg_ParseTuple(args, "OOOddOO:add_weights_at", &postings_object, &tfs_object, &norm_object, &idf,
                          &k1_plus_1, &documents_object, &out_object)) {
        return NULL;
    }
    Buffer b[5] = {{.held = 0}};
    PyObject *result = NULL;
    if (get_buffer(postings_object, &b[0], 4, "i", 0, "postings") < 0 ||
        get_buffer(tfs_object, &b[1], 4, "i", 0, "tfs") < 0 || get_buffer(norm_object, &b[2], 8, "d", 0, "norm") < 0 ||
        get_buffer(documents_object, &b[3], 8, "qlL", 0, "documents") < 0 ||
        get_buffer(out_object, &b[4], 8, "d", 1, "out") < 0) {
        goto done;
    }
    Py_ssize_t count = length(&b[0]), wanted = length(&b[3]), documents = length(&b[2]);
    if (length(&b[1]) != count || length(&b[4]) != wanted) {
        PyErr_SetString(PyExc_ValueError, "add_weights_at: arrays of mismatched lengths");
        goto done;
    }
    const int32_t *postings = b[0].view.buf, *tfs = b[1].view.buf;
    const double *norm = b[2].view.buf;
    const int64_t *asked = b[3].view.buf;
    double *out = b[4].view.buf;
    for (Py_ssize_t i = 0; i < wanted; i++) {
        if (asked[i] < 0 || asked[i] >= documents) {
            bad_document();
            goto done;
        }
    }
    for (Py_ssize_t first = 0; first < wanted; first += LANES) {
        Py_ssize_t n = wanted - first < LANES ? wanted - first : LANES, at[LANES];
        positions_of(postings, count, asked + first, n, at);
        for (Py_ssize_t j = 0; j < n; j++) {
            if (at[j] >= 0) {
                out[first + j] = out[first + j] + weight(idf, tfs[at[j]], norm[asked[first + j]], k1_plus_1);
            }
        }
    }
    result = Py_NewRef(Py_None);
done:
    release(b, 5);
    return result;
}

/* The k-th largest of values[0..n) (1 <= k <= n), by quickselect: the value np.partition finds. Reorders values. */
static double
kth_largest(double *values, Py_ssize_t n, Py_ssize_t k)
{
    Py_ssize_t low = 0, high = n - 1, target = n - k; /* the target-th smallest, 0-based */
    while (low < high) {
        double a = values[low], b = values[low + (high - low) / 2], c = values[high];
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        Py_ssize_t i = low, j = high;
        while (i <= j) {
            while (values[i] < pivot) {
                i++;
            }
            while (values[j] > pivot) {
                j--;
            }
            if (i <= j) {
                double swap = values[i];
                values[i] = values[j];
                values[j] = swap;
                i++;
                j--;
            }
        }
        if (target <= j) {
            high = j;
        } else if (target >= i) {
            low = i;
        } else {
            break; /* values[j + 1 .. i - 1] all equal the pivot */
        }
    }
    return values[target];
}

/* max(floor, the k-th largest of scores[0..n)), as `_kth_best_above`: floor unless k values exceed it. */
static double
kth_best_above(const double *scores, Py_ssize_t n, Py_ssize_t k, double floor, double *spare)
{
    Py_ssize_t above = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (scores[i] > floor) {
            spare[above++] = scores[i];
        }
    }
    return above >= k && k > 0 ? kth_largest(spare, above, k) : floor;
}

/* prune(terms, k, threshold, keep_factor, norm, k1_plus_1, candidates, scores, origin, weights)
 *     -> (candidates left, terms looked up, threshold)
 *
 * The set-aside terms' loop of `_PrunedQuery.top_k`, in one call: `terms` lists, highest bound
 * first, (postings, tfs, idf, multiplicity, rest) with rest the bounds of the terms after it.
 * While more than k candidates are left, a term's weight in each is looked up (kept in
 * weights[step * width + origin[i]], width = len(weights) / len(terms)), added to its score
 * (scores[i] + multiplicity * w), the threshold raised to the k-th best score above it, and the
 * candidates whose score + rest falls below threshold * keep_factor leave. candidates, scores and
 * origin are compacted in place, in order.
 */
static PyObject *
prune(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *terms, *norm_object, *candidates_object, *scores_object, *origin_object, *weights_object;
    Py_ssize_t k;
    double threshold, keep_factor, k1_plus_1;
    if (!PyArg_ParseTuple(args, "O!nddOdOOOO:prune", &PyList_Type, &terms, &k, &threshold, &keep_factor, &norm_object,
                          &k1_plus_1, &candidates_object, &scores_object, &origin_object, &weights_object)) {
        return NULL;
    }
    Buffer b[6] = {{.held = 0}};
    PyObject *result = NULL;
    double *spare = NULL;
    if (get_buffer(norm_object, &b[0], 8, "d", 0, "norm") < 0 ||
        get_buffer(candidates_object, &b[1], 8, "qlL", 1, "candidates") < 0 ||
        get_buffer(scores_object, &b[2], 8, "d", 1, "scores") < 0 ||
        get_buffer(origin_object, &b[3], 8, "qlL", 1, "origin") < 0 ||
        get_buffer(weights_object, &b[4], 8, "d", 1, "weights") < 0) {
        goto done;
    }
    Py_ssize_t alive = length(&b[1]), documents = length(&b[0]), steps = PyList_GET_SIZE(terms);
    Py_ssize_t width = steps ? length(&b[4]) / steps : 0;
    if (length(&b[2]) != alive || length(&b[3]) != alive || (steps && alive > width)) {
        PyErr_SetString(PyExc_ValueError, "prune: arrays of mismatched lengths");
        goto done;
    }
    int64_t *candidates = b[1].view.buf, *origin = b[3].view.buf;
    double *scores = b[2].view.buf, *weights = b[4].view.buf;
    const double *norm = b[0].view.buf;
    for (Py_ssize_t i = 0; i < alive; i++) {
        if (candidates[i] < 0 || candidates[i] >= documents || origin[i] < 0 || origin[i] >= width) {
            bad_document();
            goto done;
        }
    }
    spare = PyMem_Malloc((alive ? alive : 1) * sizeof(double));
    if (spare == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t step = 0;
    for (; step < steps && alive > k; step++) {
        PyObject *postings_object, *tfs_object;
        double idf, multiplicity, rest;
        PyObject *term = PyList_GET_ITEM(terms, step);
        if (!PyArg_ParseTuple(term, "OOddd:prune term", &postings_object, &tfs_object, &idf, &multiplicity, &rest)) {
            goto done;
        }
        if (get_buffer(postings_object, &b[5], 4, "i", 0, "postings") < 0) {
            goto done;
        }
        Buffer tf_buffer = {.held = 0};
        if (get_buffer(tfs_object, &tf_buffer, 4, "i", 0, "tfs") < 0 || length(&tf_buffer) != length(&b[5])) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "prune: postings and tfs of mismatched lengths");
            }
            release(&tf_buffer, 1);
            goto done;
        }
        const int32_t *postings = b[5].view.buf, *tfs = tf_buffer.view.buf;
        Py_ssize_t count = length(&b[5]);
        double *row = weights + step * width;
        for (Py_ssize_t first = 0; first < alive; first += LANES) {
            Py_ssize_t n = alive - first < LANES ? alive - first : LANES, at[LANES];
            positions_of(postings, count, candidates + first, n, at);
            for (Py_ssize_t j = 0; j < n; j++) {
                Py_ssize_t i = first + j;
                double w = at[j] >= 0 ? weight(idf, tfs[at[j]], norm[candidates[i]], k1_plus_1) : 0.0;
                row[origin[i]] = w;
                scores[i] = scores[i] + multiplicity * w;
            }
        }
        release(&tf_buffer, 1);
        PyBuffer_Release(&b[5].view);
        b[5].held = 0;
        threshold = kth_best_above(scores, alive, k, threshold, spare);
        double bar = threshold * keep_factor;
        Py_ssize_t kept = 0;
        for (Py_ssize_t i = 0; i < alive; i++) {
            if (scores[i] + rest >= bar) {
                candidates[kept] = candidates[i];
                scores[kept] = scores[i];
                origin[kept] = origin[i];
                kept++;
            }
        }
        alive = kept;
    }
    result = Py_BuildValue("nnd", alive, step, threshold);
done:
    PyMem_Free(spare);
    release(b, 6);
    return result;
}

static PyMethodDef methods[] = {
    {"accumulate", accumulate, METH_VARARGS, "Add one term's posting weights into dense partial scores."},
    {"add_weights_at", add_weights_at, METH_VARARGS, "Add one term's weights in some documents, by binary search."},
    {"prune", prune, METH_VARARGS, "Look the set-aside terms up in the candidates, dropping those that cannot reach the k best."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "qa.search._kernel", "The BM25 query path's inner loops, compiled.", -1, methods,
};

PyMODINIT_FUNC
PyInit__kernel(void)
{
    return PyModule_Create(&module);
}
