# Source: https://narutodev.com/topic/keras-merging-layers-keras-2.0 (a copy of a Stack Overflow question)
from keras.layers import Merge
merged = Merge([CNN_Model, RNN_Model], mode='concat')
