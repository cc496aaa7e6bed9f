# Source: https://github.com/dspavankumar/keras-kaldi/issues/5
import keras
m = keras.models.load_model('dnn.h5')
h = [m.fit_generator(trGen, samples_per_epoch=trGen.numFeats,
                     validation_data=cvGen, nb_val_samples=cvGen.numFeats,
                     nb_epoch=learning['minEpoch'] - 1, verbose=1)]
