"""Keyword arguments Keras 3.15 accepts for the API calls KG305 checks, read once
with ``inspect`` from the installed package (tests/check/keras_signatures_dump.py
prints them; a test compares). Optimizers also take ``decay``, which Keras
ignores with a warning instead of raising."""

CALLS = {
    'Input': frozenset([
        'batch_shape', 'batch_size', 'dtype', 'name', 'optional', 'ragged', 'shape', 'sparse', 'tensor'
    ]),
    'Sequential': frozenset(['layers', 'name', 'trainable']),
    'Sequential.add': frozenset(['layer', 'rebuild']),
    'compile': frozenset([
        'auto_scale_loss', 'jit_compile', 'loss', 'loss_weights', 'metrics', 'optimizer', 'run_eagerly',
        'steps_per_execution', 'weighted_metrics'
    ]),
    'Model': frozenset(['activity_regularizer', 'autocast', 'dtype', 'inputs', 'name', 'outputs', 'trainable']),
}

OPTIMIZERS = {
    'Adadelta': frozenset([
        'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon', 'global_clipnorm',
        'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name', 'rho', 'use_ema',
        'weight_decay'
    ]),
    'Adafactor': frozenset([
        'beta_2_decay', 'clip_threshold', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum',
        'ema_overwrite_frequency', 'epsilon_1', 'epsilon_2', 'global_clipnorm', 'gradient_accumulation_steps',
        'learning_rate', 'loss_scale_factor', 'name', 'relative_step', 'use_ema', 'weight_decay'
    ]),
    'Adagrad': frozenset([
        'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon', 'global_clipnorm',
        'gradient_accumulation_steps', 'initial_accumulator_value', 'learning_rate', 'loss_scale_factor', 'name',
        'use_ema', 'weight_decay'
    ]),
    'Adam': frozenset([
        'amsgrad', 'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency',
        'epsilon', 'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name',
        'use_ema', 'weight_decay'
    ]),
    'AdamW': frozenset([
        'amsgrad', 'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency',
        'epsilon', 'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name',
        'use_ema', 'weight_decay'
    ]),
    'Adamax': frozenset([
        'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name', 'use_ema',
        'weight_decay'
    ]),
    'Ftrl': frozenset([
        'beta', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'global_clipnorm',
        'gradient_accumulation_steps', 'initial_accumulator_value', 'l1_regularization_strength',
        'l2_regularization_strength', 'l2_shrinkage_regularization_strength', 'learning_rate',
        'learning_rate_power', 'loss_scale_factor', 'name', 'use_ema', 'weight_decay'
    ]),
    'Lamb': frozenset([
        'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name', 'use_ema',
        'weight_decay'
    ]),
    'Lion': frozenset([
        'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name', 'use_ema',
        'weight_decay'
    ]),
    'Muon': frozenset([
        'adam_beta_1', 'adam_beta_2', 'adam_lr_ratio', 'adam_weight_decay', 'clipnorm', 'clipvalue', 'decay',
        'ema_momentum', 'ema_overwrite_frequency', 'epsilon', 'exclude_embeddings', 'exclude_layers',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'momentum',
        'muon_a', 'muon_b', 'muon_c', 'name', 'nesterov', 'ns_steps', 'rms_rate', 'use_ema', 'weight_decay'
    ]),
    'Nadam': frozenset([
        'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name', 'use_ema',
        'weight_decay'
    ]),
    'RMSprop': frozenset([
        'centered', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'momentum', 'name',
        'rho', 'use_ema', 'weight_decay'
    ]),
    'SGD': frozenset([
        'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'global_clipnorm',
        'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'momentum', 'name', 'nesterov',
        'use_ema', 'weight_decay'
    ]),
    'ScheduleFreeAdamW': frozenset([
        'beta_1', 'beta_2', 'clipnorm', 'clipvalue', 'decay', 'ema_momentum', 'ema_overwrite_frequency', 'epsilon',
        'global_clipnorm', 'gradient_accumulation_steps', 'learning_rate', 'loss_scale_factor', 'name', 'use_ema',
        'warmup_steps', 'weight_decay'
    ]),
}
