# Source: https://github.com/keras-team/keras/issues/1689
from keras.preprocessing.image import ImageDataGenerator
datagen = ImageDataGenerator(featurewise_center=True, samplewise_center=False, rotation_range=0,
                             width_shift_range=0, height_shift_range=0, horizontal_flip=False)
