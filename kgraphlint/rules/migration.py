"""KG6xx: Keras 1 / Keras 2 / tf.keras spellings that Keras 3 rejects or
reads differently, with fixes that keep every value the author wrote.

The rules read syntax (imports and calls) through the tables of
``kgraphlint.legacy``, so they report old code even where the engine could
not build the model. One scan per file serves every rule of the family.
"""

from __future__ import annotations

from .base import Rule
from .migration_scan import scan


class _Migration(Rule):
    def check(self, analysis, context):
        for finding in scan(analysis).findings:
            if finding.code == self.code:
                yield context.report(finding.span, finding.message, fix=finding.fix)


class LegacyImport(_Migration):
    code = "KG601"
    name = "legacy-import"
    severity = "error"
    summary = "An import from a Keras 1/2 module path Keras 3 removed (keras.layers.core, keras.engine, ...)."
    fixable = "sometimes"


class LegacyKeyword(_Migration):
    code = "KG602"
    name = "legacy-keyword"
    severity = "error"
    summary = "A Keras 1 keyword renamed in Keras 2 (output_dim, nb_filter, border_mode, lr, nb_epoch, ...)."
    fixable = "sometimes"


class RemovedKeyword(_Migration):
    code = "KG603"
    name = "removed-keyword"
    severity = "error"
    summary = "A Keras 1/2 keyword with no Keras 3 equivalent (weights=, consume_less=, samples_per_epoch=, ...)."


class PositionalKernel(_Migration):
    code = "KG604"
    name = "positional-kernel"
    severity = "warning"
    summary = "Keras 1's Convolution2D(32, 3, 3): Keras 3 reads the second 3 as strides."
    fixable = "sometimes"


class RemovedMethod(_Migration):
    code = "KG605"
    name = "removed-model-method"
    severity = "error"
    summary = "fit_generator / evaluate_generator / predict_generator / predict_classes: gone in Keras 3."
    fixable = "sometimes"


class RemovedLayer(_Migration):
    code = "KG606"
    name = "removed-layer"
    severity = "error"
    summary = "Keras 1/2 layers Keras 3 removed: Merge, merge(mode=...), TimeDistributedDense, Highway, ..."
    fixable = "sometimes"


class BatchInputShape(_Migration):
    code = "KG607"
    name = "batch-input-shape"
    severity = "error"
    summary = "batch_input_shape= on a layer; Keras 3 wants Input(batch_shape=...)."
    fixable = "sometimes"


class MixedKeras(_Migration):
    code = "KG608"
    name = "mixed-keras-packages"
    severity = "warning"
    summary = "One file importing from two Keras packages (keras, tf.keras, tf_keras)."


class RemovedBackendFunction(_Migration):
    code = "KG609"
    name = "removed-backend-function"
    severity = "error"
    summary = "keras.backend functions Keras 3 removed (K.set_image_dim_ordering, K.mean, K.int_shape, ...)."
    fixable = "sometimes"


class IgnoredKeyword(_Migration):
    code = "KG610"
    name = "ignored-keyword"
    severity = "warning"
    summary = ("A Keras 1/2 keyword Keras 3 accepts and ignores (optimizer decay=, Embedding input_length=, "
               "imdb.load_data nb_words=).")
    fixable = "sometimes"


RULES = (LegacyImport, LegacyKeyword, RemovedKeyword, PositionalKernel, RemovedMethod, RemovedLayer,
         BatchInputShape, MixedKeras, RemovedBackendFunction, IgnoredKeyword)
