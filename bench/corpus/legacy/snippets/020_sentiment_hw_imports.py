# Source: https://github.com/XiaohuiGuoEartha/NLP_Project_Sentiment_Analysis_Using_Neural_Networks
from keras.layers import Embedding, Dense, Dropout, Reshape, Merge, BatchNormalization, TimeDistributed, Lambda
from keras.layers import Activation, LSTM, Flatten, Convolution1D, GRU, MaxPooling1D
from keras import backend as K
from keras.optimizers import SGD
from keras.utils import np_utils
