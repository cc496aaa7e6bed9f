# Source: https://github.com/jocicmarko/ultrasound-nerve-segmentation/issues/11
model.fit(imgs_train, imgs_mask_train, batch_size=32, nb_epoch=20, verbose=1, shuffle=True,
          callbacks=[model_checkpoint])
