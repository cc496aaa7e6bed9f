# real bug: Captcha OCR: Input built from img_width twice, so the Reshape size is wrong
# source: https://github.com/keras-team/keras-io/issues/610
# expect: KG204 line 17

from tensorflow.keras import layers

img_width, img_height = 200, 50


def build_model():
    input_img = layers.Input(shape=(img_width, img_width, 1), name='image', dtype='float32')
    x = layers.Conv2D(32, (3, 3), activation='relu', padding='same', name='Conv1')(input_img)
    x = layers.MaxPooling2D((2, 2), name='pool1')(x)
    x = layers.Conv2D(64, (3, 3), activation='relu', padding='same', name='Conv2')(x)
    x = layers.MaxPooling2D((2, 2), name='pool2')(x)
    new_shape = ((img_width // 4), (img_height // 4) * 64)
    x = layers.Reshape(target_shape=new_shape, name='reshape')(x)  # <- 여기
    return x


features = build_model()
