# real bug: DDPG critic: the actions Input is used but only states are given to Model
# source: https://github.com/keras-team/keras/issues/10936
# expect: KG102 line 16

from tensorflow.keras import layers, models

state_size, action_size = 8, 4

states = layers.Input(shape=(state_size,), name='states')
actions = layers.Input(shape=(action_size,), name='actions')
net_states = layers.Dense(64, activation='relu')(states)
net_actions = layers.Dense(64, activation='relu')(actions)
net = layers.Add()([net_states, net_actions])
net = layers.Activation('relu')(net)
q_values = layers.Dense(1, name='q_values')(net)
critic = models.Model(inputs=states, outputs=q_values)  # <- 여기
