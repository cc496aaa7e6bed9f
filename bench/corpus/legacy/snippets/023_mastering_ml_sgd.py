# Source: https://www.safaribooksonline.com/library/view/mastering-machine-learning/9781788621113/dc30eb8e-23aa-4585-9d54-b50c785432a2.xhtml
from keras.optimizers import SGD
sgd = SGD(lr=0.0001, momentum=0.8, nesterov=True)
model.compile(optimizer=sgd, loss='categorical_crossentropy', metrics=['accuracy'])
