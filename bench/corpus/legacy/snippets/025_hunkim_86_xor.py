# Source: https://github.com/hunkim/DeepLearningZeroToAll/issues/86
model.fit(x_data, y_data, nb_epoch=2000)
