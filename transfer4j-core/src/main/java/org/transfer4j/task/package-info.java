/**
 * Fine-tuning BERT-style encoders on downstream tasks (Devlin et al., 2019, section 4): sequence
 * classification ({@link org.transfer4j.task.ClassificationTask}), token tagging ({@link
 * org.transfer4j.task.TaggingTask}) and SWAG-style multiple choice ({@link
 * org.transfer4j.task.ChoiceTask}), from a pretrained Hugging Face folder or from scratch, with
 * evaluation and prediction on the saved folders ({@link org.transfer4j.task.TaskModel}).
 *
 * <pre>{@code
 * FinetuneResult r = ClassificationTask.run(FinetuneConfig.builder(trainerConfig)
 *     .pretrained(Path.of("my-bert")).train(train).validation(valid).test(test).build());
 * System.out.println(r.testMetrics().get("accuracy"));
 * }</pre>
 */
package org.transfer4j.task;
